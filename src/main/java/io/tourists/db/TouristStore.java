package io.tourists.db;

import io.tourists.domain.Precondition;
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

    /** The rejections the consumer found in a batch (parameters: write ids, tourist ids, occurredAt, reasons, errors). */
    private static final String GIVEN_REJECTIONS = """
            select * from unnest(?::uuid[], ?::uuid[], ?::timestamptz[], ?::text[], ?::text[])
                as x(write_id, tourist_id, occurred_at, reason, errors)""";

    /** Records rejections alone: {@link #recordRejections} of the given ones. */
    private static final String RECORD_REJECTIONS = recordRejections(GIVEN_REJECTIONS);

    /**
     * Decides the batch's conditional writes ({@code if_match} not null), tourist by tourist, in version order:
     * each is checked against the state the one before it left, starting from the stored row as this statement
     * sees it. A write fails its condition when the tourist is absent or deleted, or (for a writeId) its version
     * is another one; a write refused so before keeps that answer. A write that passes and is newer moves the
     * state on. Writes already claimed are left out: they are duplicates. Tourists with no conditional write in
     * the batch are not read here: their writes apply exactly as unconditional writes always did.
     *
     * <p>No row is locked ahead of the upsert, which would take rows out of key order and let two batches
     * deadlock. Instead the upsert applies a conditioned tourist's write only if its row is still the one
     * decided against ({@link #APPLY_BATCH}): a batch that changed it in between wins, and this one's writes to
     * it read superseded. Nothing is ever applied against a condition that did not hold.
     */
    private static final String DECIDE_CONDITIONS = """
            conditioned as (
                select distinct tourist_id from incoming where if_match is not null
            ),
            stored as (
                select t.tourist_id, t.version_at, t.version_write_id, not t.deleted as live
                from tourist t join conditioned c using (tourist_id)
            ),
            candidates as (
                select i.*, row_number() over (partition by i.tourist_id order by i.occurred_at, i.write_id) as n,
                       exists (select 1 from write_rejection r
                               where r.write_id = i.write_id and r.reason = 'version-conflict') as refused_before
                from incoming i join conditioned c using (tourist_id)
                where not exists (select 1 from applied_write a where a.write_id = i.write_id)
            ),
            chain as (
                select c.tourist_id, 0::bigint as n, null::uuid as write_id, false as conflict,
                       l.version_at as at, l.version_write_id as version_id, coalesce(l.live, false) as live
                from conditioned c left join stored l using (tourist_id)
                union all
                select w.tourist_id, w.n, w.write_id, d.conflict,
                       case when d.moves then w.occurred_at else p.at end,
                       case when d.moves then w.write_id else p.version_id end,
                       case when d.moves then not w.deleted else p.live end
                from chain p
                join candidates w on w.tourist_id = p.tourist_id and w.n = p.n + 1
                cross join lateral (select w.refused_before
                                        or (w.if_match is not null
                                            and not (p.live and (w.if_match = '*' or w.if_match = p.version_id::text)))
                                        as conflict) f
                cross join lateral (select f.conflict, not f.conflict and (p.at is null
                                        or (w.occurred_at, w.write_id) > (p.at, p.version_id)) as moves) d
            ),
            conflicts as (
                select i.write_id, i.tourist_id, i.occurred_at, 'version-conflict' as reason,
                       json_build_array(json_build_object('field', 'ifMatch', 'code', 'version-conflict',
                           'message', case when i.if_match = '*' then 'the tourist does not exist'
                                           else 'the tourist does not exist or its version is no longer '
                                                || i.if_match end))::text as errors
                from chain c join incoming i using (write_id)
                where c.conflict
            )""";

    /**
     * Applies a whole batch in one statement, so one round trip whatever the batch size. In order: decide
     * the conditional writes ({@link #DECIDE_CONDITIONS}); claim each other writeId with its occurredAt (a
     * writeId seen before claims nothing: a duplicate, whose later occurredAt, if it has one, moves its claim's
     * forward), keep the newest claimed write per tourist, and upsert
     * it only where it is newer than the stored version (and, for a tourist with a conditional write, where the
     * row is still the one the conditions were decided against); and record the batch's rejections and failed
     * conditions ({@link #recordRejections}, which PostgreSQL runs although nothing reads it). Rows are taken in
     * key order so two consumers never lock the same rows in opposite orders. A single statement is atomic, so
     * the claim and the write commit together or not at all.
     */
    private static final String APPLY_BATCH = """
            with recursive incoming as (
                select * from unnest(?::uuid[], ?::uuid[], ?::timestamptz[], ?::boolean[], ?::text[], ?::text[],
                                     ?::text[], ?::text[], ?::date[], ?::text[], ?::text[])
                    as i(write_id, tourist_id, occurred_at, deleted, first_name, last_name,
                         email, nationality, date_of_birth, passport_number, if_match)
            ),
            """ + DECIDE_CONDITIONS + """
            ,
            claimed as (
                insert into applied_write (write_id, tourist_id, occurred_at)
                select write_id, tourist_id, occurred_at from incoming
                where write_id not in (select write_id from conflicts)
                order by write_id
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
                    and (t.tourist_id not in (select tourist_id from conditioned)
                         or t.version_write_id is not distinct from
                            (select s.version_write_id from stored s where s.tourist_id = t.tourist_id))
                returning t.version_write_id
            ),
            rejected as (
            """ + recordRejections(GIVEN_REJECTIONS + """

                union all
                select write_id, tourist_id, occurred_at, reason, errors from conflicts""") + """
            )
            select c.write_id, case when u.version_write_id is not null then 'applied' else 'stale' end
            from claimed c left join upserted u on u.version_write_id = c.write_id
            union all
            select write_id, 'conflict' from conflicts
            """;

    private static final String FIND = """
            select tourist_id, first_name, last_name, email, nationality, date_of_birth, passport_number,
                   version_at, version_write_id, updated_at
            from tourist where tourist_id = ? and not deleted
            """;

    /**
     * Records rejections from {@code source} (columns write_id, tourist_id, occurred_at, reason, errors as JSON
     * text). A writeId rejected again (a redelivery, a redrive refused again) keeps its latest reason; one
     * rejected twice in the same statement is recorded once.
     */
    private static String recordRejections(String source) {
        return """
                insert into write_rejection (write_id, tourist_id, occurred_at, reason, errors)
                select distinct on (write_id) write_id, tourist_id, occurred_at, reason, errors::jsonb
                from (%s) as x
                order by write_id
                on conflict (write_id) do update set
                    tourist_id = excluded.tourist_id, occurred_at = excluded.occurred_at, reason = excluded.reason,
                    errors = excluded.errors, rejected_at = now()
                """.formatted(source);
    }

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
                    outcomes.put(writeId, switch (rows.getString(2)) {
                        case "applied" -> WriteOutcome.APPLIED;
                        case "conflict" -> WriteOutcome.CONFLICT;
                        default -> WriteOutcome.STALE;
                    });
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

    static StoredTourist storedTourist(ResultSet row) throws SQLException {
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
                           String[] datesOfBirth, String[] passportNumbers, String[] ifMatch) {

        static Columns of(List<TouristWrite> writes) {
            int n = writes.size();
            var columns = new Columns(new UUID[n], new UUID[n], new String[n], new Boolean[n], new String[n],
                    new String[n], new String[n], new String[n], new String[n], new String[n], new String[n]);
            for (int i = 0; i < n; i++) {
                var write = writes.get(i);
                columns.writeIds[i] = write.writeId();
                columns.touristIds[i] = write.touristId();
                columns.occurredAt[i] = write.occurredAt().toString();
                columns.deleted[i] = write instanceof TouristWrite.Delete;
                columns.ifMatch[i] = Precondition.toText(write.precondition());
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
                    connection.createArrayOf("text", passportNumbers),
                    connection.createArrayOf("text", ifMatch));
        }
    }
}
