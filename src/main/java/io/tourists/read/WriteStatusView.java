package io.tourists.read;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.tourists.domain.FieldError;
import java.util.List;
import java.util.UUID;

/**
 * The body of GET /tourists/{id}/writes/{writeId}: what became of the write. {@code reason} and
 * {@code errors} come with {@code rejected} only.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record WriteStatusView(UUID touristId, UUID writeId, String status, String reason, List<FieldError> errors) {

    public static final String PENDING = "pending";
    public static final String APPLIED = "applied";
    public static final String SUPERSEDED = "superseded";
    public static final String REJECTED = "rejected";

    static WriteStatusView of(UUID touristId, UUID writeId, String status) {
        return new WriteStatusView(touristId, writeId, status, null, null);
    }
}
