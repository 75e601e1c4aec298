package io.tourists.ops.imports;

import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import javax.sql.DataSource;

/**
 * Reads which writes the consumer has committed: the {@code applied_write} table, where it claims each writeId in
 * the same statement that applies the write (a duplicate or a stale write is claimed too, and changed nothing).
 */
final class AppliedWrites {

    private static final int CHUNK = 5_000;

    private final DataSource dataSource;

    AppliedWrites(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    /** The writeIds among these that are in applied_write. */
    Set<UUID> among(List<UUID> writeIds) {
        var found = new HashSet<UUID>();
        try (var connection = dataSource.getConnection();
             var statement = connection.prepareStatement("select write_id from applied_write where write_id = any(?)")) {
            for (int start = 0; start < writeIds.size(); start += CHUNK) {
                var chunk = writeIds.subList(start, Math.min(start + CHUNK, writeIds.size()));
                statement.setArray(1, connection.createArrayOf("uuid", chunk.toArray()));
                try (var rows = statement.executeQuery()) {
                    while (rows.next()) {
                        found.add(rows.getObject(1, UUID.class));
                    }
                }
            }
        } catch (SQLException e) {
            // DatabaseSession.run turns this into one line for the operator.
            throw new IllegalStateException(e);
        }
        return found;
    }

    /** The writeIds among these that are not in applied_write yet. */
    List<UUID> pending(List<UUID> writeIds) {
        var applied = among(writeIds);
        var pending = new ArrayList<UUID>(writeIds.size() - applied.size());
        writeIds.stream().filter(id -> !applied.contains(id)).forEach(pending::add);
        return pending;
    }
}
