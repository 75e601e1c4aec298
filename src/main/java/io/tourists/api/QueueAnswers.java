package io.tourists.api;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import io.tourists.domain.FieldError;
import io.tourists.domain.TouristWrite;
import io.tourists.http.HttpResponses;
import io.tourists.http.Problem;
import io.tourists.http.Route;
import io.tourists.http.Routes;
import java.util.List;
import java.util.UUID;

/**
 * The write API's 503s when the queue did not confirm a write. They differ in what the client may do next:
 * after "not sent" it sends the write again; after "outcome unknown" the queue may have taken the write, so a
 * client without an Idempotency-Key checks the write's status, or repeats the write in a form that is safe to
 * repeat, instead of creating a second tourist.
 */
final class QueueAnswers {

    private QueueAnswers() {
    }

    /**
     * The body of an outcome-unknown 503: an RFC 9457 problem with extension members saying which write it was
     * and where to follow it.
     */
    public record OutcomeUnknown(String type, String title, int status, String detail, List<FieldError> errors,
                                 UUID touristId, UUID writeId, String statusUrl) {}

    /** 503: the queue certainly does not have the write; nothing will be applied. */
    static APIGatewayV2HTTPResponse notSent(boolean keyed) {
        return HttpResponses.unavailable("the write was not sent: the queue could not take it, and nothing will be"
                + " applied. Send it again" + (keyed ? " with the same Idempotency-Key" : ""));
    }

    /** 503: the queue may have taken the write. */
    static APIGatewayV2HTTPResponse outcomeUnknown(TouristWrite write, Route route, boolean keyed) {
        var statusUrl = Routes.writeStatus(write.touristId(), write.writeId());
        return HttpResponses.problemWithMembers(503, new OutcomeUnknown(Problem.OUTCOME_UNKNOWN, "Outcome Unknown",
                503, "the queue did not confirm the write and may have taken it. " + advice(write, route, keyed),
                List.of(), write.touristId(), write.writeId(), statusUrl), HttpResponses.RETRY_AFTER);
    }

    /** What the client can do that never applies the write twice. */
    static String advice(TouristWrite write, Route route, boolean keyed) {
        if (keyed) {
            return "Send it again with the same Idempotency-Key: it is applied once.";
        }
        return "Read statusUrl to see whether it was applied, or " + switch (route) {
            case CREATE -> "send the same tourist as PUT " + Routes.location(write.touristId())
                    + ", which is safe to repeat. Do not POST it again: that would create a second tourist.";
            case REPLACE -> "repeat the PUT: the same tourist again is safe.";
            case DELETE -> "repeat the DELETE: deleting again is safe.";
            default -> "send it again in a form that is safe to repeat.";
        };
    }
}
