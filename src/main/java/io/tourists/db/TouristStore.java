package io.tourists.db;

import io.tourists.domain.Tourist;
import io.tourists.domain.TouristWrite;
import io.tourists.domain.WriteVersion;
import java.sql.Array;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.LocalDate;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import javax.sql.DataSource;

/** Tourists in PostgreSQL. */
public final class TouristStore implements WriteStore {

    /**
     * Records rejections (parameters: write ids, tourist ids, occurredAt, reasons, field errors as JSON). A
     * writeId rejected again (a redelivery, a redrive refused again) keeps its latest reason.
     */
    private static final String RECORD_REJECTIONS = """
            insert into write_rejection (write_id, tourist_id, occurred_at, reason, errors)
            select write_id, tourist_id, occurred_at, reason, errors::jsonb
            from unnest(?::uuid[], ?::uuid[], ?::timestamptz[], ?::text[], ?::text[])
                as x(write_id, tourist_id, occurred_at, reason, errors)
            order by write_id
            on conflict (write_id) do update set
                tourist_id = excluded.tourist_id, occurred_at = excluded.occurred_at, reason = excluded.reason,
                errors = excluded.errors, rejected_at = now()
            """;

    /**
     * Applies a whole batch in one statement, so one round trip whatever the batch size. In order:
     * claim each writeId with its occurredAt (a writeId seen before claims nothing: a duplicate, whose later
     * occurredAt, if it has one, moves its claim's forward), keep the
     * newest claimed write per tourist, and upsert it only where it is newer than the stored version; and
     * record the batch's rejections ({@link #RECORD_REJECTIONS}, which PostgreSQL runs although nothing reads
     * it). Rows are taken in key order so two consumers never lock the same rows in opposite orders. A single
     * statement is atomic, so the claim and the write commit together or not at all.
     */
    private static final String APPLY_BATCH = """
            with incoming as (
                select * from unnest(?::uuid[], ?::uuid[], ?::timestamptz[], ?::boolean[], ?::text[], ?::text[],
                                     ?::text[], ?::text[], ?::date[], ?::text[])
                    as i(write_id, tourist_id, occurred_at, deleted, first_name, last_name,
                         email, nationality, date_of_birth, passport_number)
            ),
            claimed as (
                insert into applied_write (write_id, tourist_id, occurred_at)
                select write_id, tourist_id, occurred_at from incoming order by write_id
                on conflict (write_id) do nothing
                returning write_id
            ),
            -- A writeId claimed before this statement (a keyed retry or a redelivery) keeps on its claim the latest
            -- occurredAt seen: pruning goes by it, so a retry stamped later than the first copy keeps the claim until
            -- that retry is too old to apply as well. This sub-statement sees only rows from before the statement,
            -- never one that "claimed" inserts, so no row is changed twice. Rare (a copy with a later stamp), so it
            -- does not take rows in key order; a deadlock with another batch is retried like any other.
            restamped as (
                update applied_write a set occurred_at = i.occurred_at
                from incoming i
                where a.write_id = i.write_id and coalesce(a.occurred_at, '-infinity') < i.occurred_at
            ),
            newest as (
                select distinct on (i.tourist_id) i.*
                from incoming i join claimed c using (write_id)
                order by i.tourist_id, i.occurred_at desc, i.write_id desc
            ),
            upserted as (
                insert into tourist as t (tourist_id, first_name, last_name, email, nationality, date_of_birth,
                                          passport_number, deleted, version_at, version_write_id)
                select tourist_id, first_name, last_name, email, nationality, date_of_birth,
                       passport_number, deleted, occurred_at, write_id
                from newest order by tourist_id
                on conflict (tourist_id) do update set
                    first_name = excluded.first_name, last_name = excluded.last_name, email = excluded.email,
                    nationality = excluded.nationality, date_of_birth = excluded.date_of_birth,
                    passport_number = excluded.passport_number, deleted = excluded.deleted,
                    version_at = excluded.version_at, version_write_id = excluded.version_write_id,
                    updated_at = now()
                where (t.version_at, t.version_write_id) < (excluded.version_at, excluded.version_write_id)
                returning t.version_write_id
            ),
            rejected as (
            """ + RECORD_REJECTIONS + """
            )
            select c.write_id, u.version_write_id is not null as applied
            from claimed c left join upserted u on u.version_write_id = c.write_id
            """;

    private static final String FIND = """
            select tourist_id, first_name, last_name, email, nationality, date_of_birth, passport_number,
                   version_at, version_write_id, updated_at
            from tourist where tourist_id = ? and not deleted
            """;

    private final DataSource dataSource;

    public TouristStore(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    /** In one statement: {@link #APPLY_BATCH}. */
    @Override
    public Map<UUID, WriteOutcome> apply(List<TouristWrite> writes, List<WriteRejection> rejections) {
        var distinct = new LinkedHashMap<UUID, TouristWrite>();
        writes.forEach(write -> distinct.putIfAbsent(write.writeId(), write));
        if (distinct.isEmpty() && rejections.isEmpty()) {
            return Map.of();
        }
        var outcomes = new HashMap<UUID, WriteOutcome>();
        distinct.keySet().forEach(writeId -> outcomes.put(writeId, WriteOutcome.DUPLICATE));
        try (var connection = dataSource.getConnection();
             var statement = connection.prepareStatement(APPLY_BATCH)) {
            var columns = Columns.of(List.copyOf(distinct.values()));
            int index = 1;
            for (Array array : columns.toSqlArrays(connection)) {
                statement.setArray(index++, array);
            }
            for (Array array : WriteRejection.toSqlArrays(rejections, connection)) {
                statement.setArray(index++, array);
            }
            try (var rows = statement.executeQuery()) {
                while (rows.next()) {
                    var writeId = rows.getObject(1, UUID.class);
                    outcomes.put(writeId, rows.getBoolean(2) ? WriteOutcome.APPLIED : WriteOutcome.STALE);
                }
            }
        } catch (SQLException e) {
            throw SqlErrors.translate("applying a batch of " + distinct.size() + " writes", e);
        }
        return outcomes;
    }

    @Override
    public void record(List<WriteRejection> rejections) {
        if (rejections.isEmpty()) {
            return;
        }
        try (var connection = dataSource.getConnection();
             var statement = connection.prepareStatement(RECORD_REJECTIONS)) {
            int index = 1;
            for (Array array : WriteRejection.toSqlArrays(rejections, connection)) {
                statement.setArray(index++, array);
            }
            statement.executeUpdate();
        } catch (SQLException e) {
            throw SqlErrors.translate("recording " + rejections.size() + " rejected writes", e);
        }
    }

    /** The live tourist, or empty when it was never written or is deleted. */
    public Optional<StoredTourist> find(UUID touristId) {
        try (var connection = dataSource.getConnection();
             var statement = connection.prepareStatement(FIND)) {
            statement.setObject(1, touristId);
            try (var rows = statement.executeQuery()) {
                return rows.next() ? Optional.of(storedTourist(rows)) : Optional.empty();
            }
        } catch (SQLException e) {
            throw SqlErrors.translate("reading tourist " + touristId, e);
        }
    }

    private static StoredTourist storedTourist(ResultSet row) throws SQLException {
        var tourist = new Tourist(
                row.getString("first_name"),
                row.getString("last_name"),
                row.getString("email"),
                row.getString("nationality"),
                row.getObject("date_of_birth", LocalDate.class),
                Optional.ofNullable(row.getString("passport_number")));
        var version = new WriteVersion(
                row.getTimestamp("version_at").toInstant(),
                row.getObject("version_write_id", UUID.class));
        Timestamp updatedAt = row.getTimestamp("updated_at");
        return new StoredTourist(row.getObject("tourist_id", UUID.class), tourist, version, updatedAt.toInstant());
    }

    /** The batch turned column-wise, one array per parameter of {@link #APPLY_BATCH}. */
    private record Columns(UUID[] writeIds, UUID[] touristIds, String[] occurredAt, Boolean[] deleted,
                           String[] firstNames, String[] lastNames, String[] emails, String[] nationalities,
                           String[] datesOfBirth, String[] passportNumbers) {

        static Columns of(List<TouristWrite> writes) {
            int n = writes.size();
            var columns = new Columns(new UUID[n], new UUID[n], new String[n], new Boolean[n], new String[n],
                    new String[n], new String[n], new String[n], new String[n], new String[n]);
            for (int i = 0; i < n; i++) {
                var write = writes.get(i);
                columns.writeIds[i] = write.writeId();
                columns.touristIds[i] = write.touristId();
                columns.occurredAt[i] = write.occurredAt().toString();
                columns.deleted[i] = write instanceof TouristWrite.Delete;
                if (write instanceof TouristWrite.Upsert upsert) {
                    var tourist = upsert.tourist();
                    columns.firstNames[i] = tourist.firstName();
                    columns.lastNames[i] = tourist.lastName();
                    columns.emails[i] = tourist.email();
                    columns.nationalities[i] = tourist.nationality();
                    columns.datesOfBirth[i] = tourist.dateOfBirth().toString();
                    columns.passportNumbers[i] = tourist.passportNumber().orElse(null);
                }
            }
            return columns;
        }

        List<Array> toSqlArrays(Connection connection) throws SQLException {
            return List.of(
                    connection.createArrayOf("uuid", writeIds),
                    connection.createArrayOf("uuid", touristIds),
                    connection.createArrayOf("text", occurredAt),
                    connection.createArrayOf("bool", deleted),
                    connection.createArrayOf("text", firstNames),
                    connection.createArrayOf("text", lastNames),
                    connection.createArrayOf("text", emails),
                    connection.createArrayOf("text", nationalities),
                    connection.createArrayOf("text", datesOfBirth),
                    connection.createArrayOf("text", passportNumbers));
        }
    }
}
