package io.tourists.api;

import io.tourists.domain.FieldError;
import java.util.List;
import java.util.UUID;

/**
 * The answer to {@code POST /tourists/batch}: one result per item, in the request's order, each with the
 * item's {@code index} (from 0) and a {@code status}.
 */
final class BatchResults {

    static final String ACCEPTED = "accepted";
    static final String INVALID = "invalid";
    static final String NOT_SENT = "not-sent";
    static final String UNKNOWN = "unknown";

    private BatchResults() {
    }

    /** The 202 and 207 body. */
    public record Body(List<ItemResult> results) {}

    /** The 503 body: an RFC 9457 problem with every item's result as an extension member. */
    public record Unavailable(String type, String title, int status, String detail, List<FieldError> errors,
                              List<ItemResult> results) {}

    /** One item's result. */
    public sealed interface ItemResult {
        int index();

        String status();
    }

    /** On the queue, as a single write's 202. */
    public record Accepted(int index, String status, UUID touristId, UUID writeId, String statusUrl)
            implements ItemResult {
        Accepted(int index, UUID touristId, UUID writeId, String statusUrl) {
            this(index, ACCEPTED, touristId, writeId, statusUrl);
        }
    }

    /** Refused by the rules: not enqueued; {@code errors} name the item's fields. */
    public record Invalid(int index, String status, List<FieldError> errors) implements ItemResult {
        Invalid(int index, List<FieldError> errors) {
            this(index, INVALID, errors);
        }
    }

    /** Valid, but the queue certainly does not have it: nothing will be applied. */
    public record NotSent(int index, String status, String detail) implements ItemResult {
        NotSent(int index, String detail) {
            this(index, NOT_SENT, detail);
        }
    }

    /** Valid, and the queue may have taken it: follow {@code statusUrl} before sending it again. */
    public record Unknown(int index, String status, UUID touristId, UUID writeId, String statusUrl, String detail)
            implements ItemResult {
        Unknown(int index, UUID touristId, UUID writeId, String statusUrl, String detail) {
            this(index, UNKNOWN, touristId, writeId, statusUrl, detail);
        }
    }
}
