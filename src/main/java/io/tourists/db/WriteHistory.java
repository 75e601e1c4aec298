package io.tourists.db;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import io.tourists.domain.FieldError;
import io.tourists.json.Json;
import java.sql.SQLException;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import javax.sql.DataSource;

/** What the database remembers of one write: applied (and whether it is still current), or rejected. */
public final class WriteHistory {

    /**
     * One row whatever is known (parameters: writeId, the touristId asked about). An applied record wins over a
     * rejection: a write refused once and applied after a redrive is applied. {@code current_of} is the asked
     * tourist's row when that row's version is this write: it outlives the write's applied record, which pruning
     * deletes by the write's age even while the write is still the tourist's current version (found by primary
     * key, so no index on version_write_id is needed).
     */
    private static final String FIND = """
            select a.tourist_id as applied_to, t.tourist_id as tourist_row, a.write_id = t.version_write_id as current,
                   c.tourist_id as current_of,
                   r.tourist_id as rejected_for, r.reason, r.errors::text as errors
            from (select ?::uuid as write_id, ?::uuid as tourist_id) w
            left join applied_write a on a.write_id = w.write_id
            left join tourist t on t.tourist_id = a.tourist_id
            left join tourist c on c.tourist_id = w.tourist_id and c.version_write_id = w.write_id
            left join write_rejection r on r.write_id = w.write_id
            """;

    private static final TypeReference<List<FieldError>> FIELD_ERRORS = new TypeReference<>() {};

    /** A write's record. */
    public sealed interface WriteRecord {
        UUID touristId();

        /** Applied; {@code current} when it is still the tourist's version (not superseded since). */
        record Applied(UUID touristId, boolean current) implements WriteRecord {}

        /**
         * Refused by the consumer: parked on the dead-letter queue, except a failed condition
         * ({@link WriteRejection#VERSION_CONFLICT}), which is an answer and not a fault.
         */
        record Rejected(UUID touristId, String reason, List<FieldError> errors) implements WriteRecord {}
    }

    private final DataSource dataSource;

    public WriteHistory(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    /**
     * The write's record; {@code touristId} is the tourist the caller asks about, whose row tells whether the
     * write is its current version. Empty when it was never applied nor rejected, or when its record was pruned
     * and it is no longer its tourist's current version (or the tombstone it left was pruned too).
     */
    public Optional<WriteRecord> find(UUID touristId, UUID writeId) {
        try (var connection = dataSource.getConnection();
             var statement = connection.prepareStatement(FIND)) {
            statement.setObject(1, writeId);
            statement.setObject(2, touristId);
            try (var rows = statement.executeQuery()) {
                rows.next();
                var appliedTo = rows.getObject("applied_to", UUID.class);
                if (appliedTo != null && rows.getObject("tourist_row", UUID.class) != null) {
                    return Optional.of(new WriteRecord.Applied(appliedTo, rows.getBoolean("current")));
                }
                // The tourist's row (or tombstone) carries this write's version: applied and current, whether or
                // not its applied record is still kept. It wins over a rejection, like the applied record.
                var currentOf = rows.getObject("current_of", UUID.class);
                if (currentOf != null) {
                    return Optional.of(new WriteRecord.Applied(currentOf, true));
                }
                // An applied record whose tourist row is gone outlived the tombstone it left: pruning took the
                // tombstone (by its occurredAt) before the record (a record from before migration 2 goes by
                // applied_at). Both are past the window: the write reads as if its record were pruned too.
                var rejectedFor = rows.getObject("rejected_for", UUID.class);
                if (rejectedFor != null) {
                    return Optional.of(new WriteRecord.Rejected(rejectedFor, rows.getString("reason"),
                            errors(rows.getString("errors"))));
                }
                return Optional.empty();
            }
        } catch (SQLException e) {
            throw SqlErrors.translate("reading write " + writeId, e);
        }
    }

    private static List<FieldError> errors(String json) {
        try {
            return Json.MAPPER.readValue(json, FIELD_ERRORS);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("write_rejection.errors is not a list of field errors", e);
        }
    }
}
