package io.tourists.http;

import io.tourists.domain.FieldError;
import java.util.List;

/**
 * An RFC 9457 problem body ({@code application/problem+json}). {@code errors} lists field-level reasons
 * when the request's content was refused; it is empty otherwise.
 */
public record Problem(String type, String title, int status, String detail, List<FieldError> errors) {

    public static final String VALIDATION = "urn:tourists:problem:validation-failed";
    public static final String MALFORMED = "urn:tourists:problem:malformed-request";
    public static final String UNAVAILABLE = "urn:tourists:problem:temporarily-unavailable";
    /** A 503 after which the write may or may not be applied: the body says which write and where to follow it. */
    public static final String OUTCOME_UNKNOWN = "urn:tourists:problem:outcome-unknown";
    /** 410 from the changes feed: the cursor is older than what pruning kept; list again, then follow the feed. */
    public static final String CURSOR_EXPIRED = "urn:tourists:problem:cursor-expired";
    public static final String GENERIC = "about:blank";

    public Problem {
        errors = List.copyOf(errors);
    }

    public static Problem of(int status, String title, String detail) {
        return new Problem(GENERIC, title, status, detail, List.of());
    }
}
