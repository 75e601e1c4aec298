package io.tourists.db;

import io.tourists.domain.FieldError;
import io.tourists.json.Json;
import java.sql.Array;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * A write the consumer refused for good, as recorded in {@code write_rejection}: the write's status then reads
 * "rejected" with this reason and these field errors. Text that came from the message (an unknown field's
 * name) is kept short and free of NUL characters, which PostgreSQL cannot store: recording a rejection must
 * never be what the database refuses.
 *
 * @param occurredAt the write's occurredAt, when the message had a readable one
 */
public record WriteRejection(UUID writeId, UUID touristId, Optional<Instant> occurredAt, String reason,
                             List<FieldError> errors) {

    /**
     * The reason of a conditional write whose condition failed ({@link WriteOutcome#CONFLICT}): recorded by the
     * store's own statement, never parked on the dead-letter queue.
     */
    public static final String VERSION_CONFLICT = "version-conflict";

    static final int MAX_ERRORS = 50;
    static final int MAX_TEXT = 300;

    public WriteRejection {
        errors = errors.stream().limit(MAX_ERRORS)
                .map(error -> new FieldError(clean(error.field()), clean(error.code()), clean(error.message())))
                .toList();
    }

    private static String clean(String text) {
        if (text == null) {
            return null;
        }
        var withoutNul = text.replace("\u0000", "");
        if (withoutNul.length() <= MAX_TEXT) {
            return withoutNul;
        }
        int end = withoutNul.offsetByCodePoints(0, withoutNul.codePointCount(0, MAX_TEXT - 1));
        return withoutNul.substring(0, end) + "…";
    }

    /**
     * The rejections column-wise, one array per parameter of the insert; a writeId rejected twice in one
     * batch is sent once (its last rejection), since one statement may not update a row twice.
     */
    static List<Array> toSqlArrays(List<WriteRejection> rejections, Connection connection) throws SQLException {
        var distinct = new LinkedHashMap<UUID, WriteRejection>();
        rejections.forEach(rejection -> distinct.put(rejection.writeId(), rejection));
        int n = distinct.size();
        var writeIds = new UUID[n];
        var touristIds = new UUID[n];
        var occurredAt = new String[n];
        var reasons = new String[n];
        var errors = new String[n];
        int i = 0;
        for (var rejection : distinct.values()) {
            writeIds[i] = rejection.writeId();
            touristIds[i] = rejection.touristId();
            occurredAt[i] = rejection.occurredAt().map(Instant::toString).orElse(null);
            reasons[i] = rejection.reason();
            errors[i] = Json.write(rejection.errors());
            i++;
        }
        return List.of(
                connection.createArrayOf("uuid", writeIds),
                connection.createArrayOf("uuid", touristIds),
                connection.createArrayOf("text", occurredAt),
                connection.createArrayOf("text", reasons),
                connection.createArrayOf("text", errors));
    }
}
