package io.tourists.db;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.function.BooleanSupplier;
import javax.sql.DataSource;

/**
 * Deletes what the database remembers of writes older than a cut-off: applied write records (by the latest
 * occurredAt seen for the writeId), tombstones (deleted tourists, by their version's time) and rejections (by
 * when they were recorded). Live tourists are never touched. Each delete takes at most
 * {@code chunkSize} rows in its own short transaction, skipping rows a consumer holds locked, so pruning never
 * holds long locks nor blocks a batch; run it again to go on where it stopped.
 *
 * <p>The cut-off must be older than the consumer's retention window ({@code WriteRetention#pruneBefore}): the
 * consumer refuses writes that old, so a pruned record can never let its write apply again, and a pruned
 * tombstone can never let an older upsert bring its tourist back.
 */
public final class WritePruning {

    /** Rows per delete: each a short transaction that holds its row locks briefly. */
    public static final int DEFAULT_CHUNK_SIZE = 1_000;

    /**
     * The PostgreSQL advisory lock a run holds ({@link #pruneAlone}), so that two runs never overlap, whatever
     * Lambda's concurrency settings (ReservedConcurrency=false reserves none). "tour_pru" in ASCII.
     */
    public static final long RUN_LOCK = 0x746F75725F707275L;

    /** Rows from before migration V2 have no occurred_at: the consumer applied them at most 5 minutes early. */
    private static final Duration LEGACY_SKEW = Duration.ofMinutes(5);

    private static final String APPLIED = """
            occurred_at < ? or (occurred_at is null and applied_at < ?)""";
    /**
     * Rejections go by when they were recorded, not by the write's age: a {@code too-old} rejection is of a write
     * already past the window, and must still read "rejected" for a window after it was refused.
     */
    private static final String REJECTED = "rejected_at < ?";
    private static final String TOMBSTONE = "deleted and version_at < ?";

    private static final String COUNT = """
            select (select count(*) from applied_write where %s),
                   (select count(*) from write_rejection where %s),
                   (select count(*) from tourist where %s)
            """.formatted(APPLIED, REJECTED, TOMBSTONE);
    private static final String DELETE_APPLIED = """
            delete from applied_write where write_id in (
                select write_id from applied_write where %s limit ? for update skip locked)
            """.formatted(APPLIED);
    private static final String DELETE_REJECTED = """
            delete from write_rejection where write_id in (
                select write_id from write_rejection where %s limit ? for update skip locked)
            """.formatted(REJECTED);
    private static final String DELETE_TOMBSTONES = """
            delete from tourist where tourist_id in (
                select tourist_id from tourist where %s limit ? for update skip locked)
            """.formatted(TOMBSTONE);

    /** How many rows of each kind: found by {@link #count}, or deleted by {@link #prune}. */
    public record Counts(long appliedWrites, long rejections, long tombstones) {
        public long total() {
            return appliedWrites + rejections + tombstones;
        }
    }

    private final DataSource dataSource;
    private final int chunkSize;

    public WritePruning(DataSource dataSource, int chunkSize) {
        if (chunkSize < 1) {
            throw new IllegalArgumentException("chunkSize must be at least 1");
        }
        this.dataSource = dataSource;
        this.chunkSize = chunkSize;
    }

    /** What {@link #prune} would delete now; deletes nothing. */
    public Counts count(Instant cutoff) {
        try (var connection = dataSource.getConnection();
             var statement = connection.prepareStatement(COUNT)) {
            var at = Timestamp.from(cutoff);
            statement.setTimestamp(1, at);
            statement.setTimestamp(2, Timestamp.from(cutoff.minus(LEGACY_SKEW)));
            statement.setTimestamp(3, at);
            statement.setTimestamp(4, at);
            try (var rows = statement.executeQuery()) {
                rows.next();
                return new Counts(rows.getLong(1), rows.getLong(2), rows.getLong(3));
            }
        } catch (SQLException e) {
            throw SqlErrors.translate("counting what to prune", e);
        }
    }

    /**
     * Deletes, chunk by chunk, every row of the three kinds older than the cut-off, asking {@code goOn} before
     * each chunk (a Lambda function stops before its timeout).
     *
     * @return what was deleted
     */
    public Counts prune(Instant cutoff, BooleanSupplier goOn) {
        try (var connection = dataSource.getConnection()) {
            return prune(connection, cutoff, goOn);
        } catch (SQLException e) {
            throw SqlErrors.translate("pruning", e);
        }
    }

    /**
     * {@link #prune}, unless another run is pruning: this one then deletes nothing and answers empty. The run
     * holds the advisory lock {@link #RUN_LOCK} on its one connection until it ends (a session that dies, such as
     * a timed-out function's, releases it with the session).
     */
    public Optional<Counts> pruneAlone(Instant cutoff, BooleanSupplier goOn) {
        try (var connection = dataSource.getConnection()) {
            connection.setAutoCommit(true);
            if (!advisoryLock(connection, "select pg_try_advisory_lock(?)")) {
                return Optional.empty();
            }
            try {
                return Optional.of(prune(connection, cutoff, goOn));
            } finally {
                advisoryLock(connection, "select pg_advisory_unlock(?)");
            }
        } catch (SQLException e) {
            throw SqlErrors.translate("pruning", e);
        }
    }

    private static boolean advisoryLock(Connection connection, String sql) throws SQLException {
        try (var statement = connection.prepareStatement(sql)) {
            statement.setLong(1, RUN_LOCK);
            try (var rows = statement.executeQuery()) {
                rows.next();
                return rows.getBoolean(1);
            }
        }
    }

    private Counts prune(Connection connection, Instant cutoff, BooleanSupplier goOn) {
        // Rejections first: a write refused, then redriven and applied, has both records, and reads "rejected"
        // if its applied record goes first (a run that stops in between would leave it so until the next run).
        long rejected = deleteAll(connection, DELETE_REJECTED, cutoff, false, goOn);
        long applied = deleteAll(connection, DELETE_APPLIED, cutoff, true, goOn);
        long tombstones = deleteAll(connection, DELETE_TOMBSTONES, cutoff, false, goOn);
        return new Counts(applied, rejected, tombstones);
    }

    private long deleteAll(Connection connection, String sql, Instant cutoff, boolean legacyBound,
                           BooleanSupplier goOn) {
        long deleted = 0;
        try (var statement = connection.prepareStatement(sql)) {
            connection.setAutoCommit(true);
            int index = 1;
            statement.setTimestamp(index++, Timestamp.from(cutoff));
            if (legacyBound) {
                statement.setTimestamp(index++, Timestamp.from(cutoff.minus(LEGACY_SKEW)));
            }
            statement.setInt(index, chunkSize);
            while (goOn.getAsBoolean()) {
                int chunk = statement.executeUpdate();
                deleted += chunk;
                if (chunk < chunkSize) {
                    break;
                }
            }
            return deleted;
        } catch (SQLException e) {
            throw SqlErrors.translate("pruning (" + deleted + " rows deleted so far)", e);
        }
    }
}
