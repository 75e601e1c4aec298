package io.tourists.api;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import io.tourists.domain.FieldError;
import io.tourists.http.HttpRequests;
import io.tourists.http.HttpResponses;
import io.tourists.http.Problem;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Who is calling and which Idempotency-Key they sent: what ids derived from a key are scoped by. The caller is
 * the authorizer's principal when there is one, so two clients' keys never collide; without an authorizer every
 * caller shares one key space.
 */
final class Callers {

    private static final Pattern IDEMPOTENCY_KEY = Pattern.compile("[\\x21-\\x7E]{1,255}");

    private Callers() {
    }

    /** The request's Idempotency-Key, or the 400 that refuses an unusable one. */
    sealed interface Key {
        record Given(Optional<String> key) implements Key {}

        record Refused(APIGatewayV2HTTPResponse response) implements Key {}
    }

    static Key idempotencyKey(APIGatewayV2HTTPEvent event) {
        var key = HttpRequests.header(event, "idempotency-key");
        if (key.isPresent() && !IDEMPOTENCY_KEY.matcher(key.get()).matches()) {
            return new Key.Refused(HttpResponses.problem(new Problem(Problem.MALFORMED, "Bad Request", 400,
                    "the Idempotency-Key header is not usable",
                    List.of(new FieldError("Idempotency-Key", "invalid", "must be 1-255 visible ASCII characters")))));
        }
        return new Key.Given(key);
    }

    static String principal(APIGatewayV2HTTPEvent event) {
        var authorizer = event.getRequestContext().getAuthorizer();
        if (authorizer == null) {
            return "anonymous";
        }
        if (authorizer.getJwt() != null && authorizer.getJwt().getClaims() != null
                && authorizer.getJwt().getClaims().get("sub") != null) {
            return "jwt:" + authorizer.getJwt().getClaims().get("sub");
        }
        if (authorizer.getIam() != null && authorizer.getIam().getUserArn() != null) {
            return "iam:" + withoutSession(authorizer.getIam().getUserArn());
        }
        if (authorizer.getLambda() != null && authorizer.getLambda().get("principalId") != null) {
            return "lambda:" + authorizer.getLambda().get("principalId");
        }
        return "anonymous";
    }

    /**
     * An assumed role's ARN ends with a session name that changes from one task or instance of a service to
     * the next ({@code arn:aws:sts::123456789012:assumed-role/Role/i-0abc}): the role is the client, so a retry
     * from another instance of the same service gets the same ids.
     */
    static String withoutSession(String userArn) {
        var marker = ":assumed-role/";
        int role = userArn.indexOf(marker);
        if (role < 0) {
            return userArn;
        }
        int session = userArn.indexOf('/', role + marker.length());
        return session < 0 ? userArn : userArn.substring(0, session);
    }
}
