package io.tourists.bench;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Samples PostgreSQL from one extra connection of its own (application_name {@code bench-sampler}, not
 * counted): every {@link #INTERVAL_MS} ms, the client connections to the database by application_name from
 * pg_stat_activity, and the number of live tourist rows. Keeps the peak per application name and the time
 * the row count first reached a target.
 */
final class DatabaseSampler implements AutoCloseable {

    static final long INTERVAL_MS = 25;
    private static final String CONNECTIONS = """
            select coalesce(nullif(application_name, ''), '(none)'), count(*) from pg_stat_activity
            where datname = current_database() and backend_type = 'client backend' and pid <> pg_backend_pid()
            group by 1""";

    /** The test harness's own idle pool: open before and after, not the system under test. */
    private static final java.util.Set<String> HARNESS = java.util.Set.of("tests");

    private final Connection connection;
    private final Thread thread;
    private final AtomicBoolean running = new AtomicBoolean(true);
    private final Map<String, Integer> peaks = new TreeMap<>();
    private volatile long rows;
    private volatile int peakTotal;

    DatabaseSampler(String jdbcUrl, String user, String password) throws SQLException {
        var properties = new Properties();
        properties.setProperty("user", user);
        properties.setProperty("password", password);
        properties.setProperty("ApplicationName", "bench-sampler");
        connection = DriverManager.getConnection(jdbcUrl, properties);
        sample();
        thread = Thread.ofPlatform().daemon().name("bench-db-sampler").start(this::loop);
    }

    private void loop() {
        while (running.get()) {
            try {
                sample();
                Thread.sleep(INTERVAL_MS);
            } catch (InterruptedException e) {
                return;
            } catch (SQLException e) {
                throw new IllegalStateException(e);
            }
        }
    }

    private synchronized void sample() throws SQLException {
        int total = 0;
        try (var statement = connection.createStatement(); var result = statement.executeQuery(CONNECTIONS)) {
            while (result.next()) {
                int count = result.getInt(2);
                var name = result.getString(1);
                if (!HARNESS.contains(name)) {
                    total += count;
                }
                peaks.merge(name, count, Math::max);
            }
        }
        peakTotal = Math.max(peakTotal, total);
        try (var statement = connection.createStatement();
             var result = statement.executeQuery("select count(*) from tourist")) {
            result.next();
            rows = result.getLong(1);
        }
    }

    /** Live rows at the last sample. */
    long rows() {
        return rows;
    }

    /** Waits until at least {@code target} rows are committed; returns the nanoTime when seen, or -1 at the deadline. */
    long awaitRows(long target, long deadlineNanos) throws InterruptedException {
        while (System.nanoTime() < deadlineNanos) {
            if (rows >= target) {
                return System.nanoTime();
            }
            Thread.sleep(5);
        }
        return -1;
    }

    synchronized int peak(String applicationNamePrefix) {
        return peaks.entrySet().stream().filter(e -> e.getKey().startsWith(applicationNamePrefix))
                .mapToInt(Map.Entry::getValue).sum();
    }

    /**
     * The most client connections seen in one sample, whatever their application_name (a connection still
     * authenticating has none yet), leaving out the harness's own pool and this sampler.
     */
    int peakAll() {
        return peakTotal;
    }

    synchronized Map<String, Integer> peaks() {
        return Map.copyOf(peaks);
    }

    @Override
    public void close() throws SQLException {
        running.set(false);
        thread.interrupt();
        try {
            thread.join(1000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        connection.close();
    }
}
