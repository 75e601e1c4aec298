package io.tourists.ops.imports;

import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import javax.sql.DataSource;

/**
 * Reads what the consumer has done with writes: {@code applied_write}, where it claims each writeId in the same
 * statement that applies the write (a duplicate or a stale write is claimed too, and changed nothing), and
 * {@code write_rejection}, where it records a write it refused and parked on the dead-letter queue. A write in
 * both was refused, then redriven and applied: it counts as applied.
 */
final class CommittedWrites {

    private static final int CHUNK = 5_000;
    private static final String OUTCOMES = """
            select w.id, a.write_id is not null as applied
            from unnest(?::uuid[]) as w(id)
            left join applied_write a on a.write_id = w.id
            left join write_rejection r on r.write_id = w.id
            where a.write_id is not null or r.write_id is not null
            """;

    private final DataSource dataSource;

    CommittedWrites(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    /** What became of writes so far: applied, refused, and the rest still pending. */
    record Outcomes(Set<UUID> applied, Set<UUID> refused, List<UUID> pending) {}

    /** The writeIds among these that are in applied_write. */
    Set<UUID> applied(List<UUID> writeIds) {
        return outcomes(writeIds).applied();
    }

    Outcomes outcomes(List<UUID> writeIds) {
        var applied = new HashSet<UUID>();
        var refused = new HashSet<UUID>();
        try (var connection = dataSource.getConnection();
             var statement = connection.prepareStatement(OUTCOMES)) {
            for (int start = 0; start < writeIds.size(); start += CHUNK) {
                var chunk = writeIds.subList(start, Math.min(start + CHUNK, writeIds.size()));
                statement.setArray(1, connection.createArrayOf("uuid", chunk.toArray()));
                try (var rows = statement.executeQuery()) {
                    while (rows.next()) {
                        (rows.getBoolean(2) ? applied : refused).add(rows.getObject(1, UUID.class));
                    }
                }
            }
        } catch (SQLException e) {
            // DatabaseSession.run turns this into one line for the operator.
            throw new IllegalStateException(e);
        }
        var pending = new ArrayList<UUID>(writeIds.size() - applied.size() - refused.size());
        writeIds.stream().filter(id -> !applied.contains(id) && !refused.contains(id)).forEach(pending::add);
        return new Outcomes(applied, refused, pending);
    }
}
