package io.tourists.testing;

import io.tourists.db.Databases;
import io.tourists.db.DbSettings;
import io.tourists.db.Migrations;
import io.tourists.local.db.EmbeddedDatabase;
import io.tourists.migrate.AppRole;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * A PostgreSQL of a test's own, migrated, that the test may freeze (SIGSTOP, as a host that stops answering),
 * stop and start again on the same port, or turn read-only (as the old writer after a failover), without
 * disturbing the other tests' database.
 */
public final class OwnDatabase implements AutoCloseable {

    private final Path dataDir;
    private final int port;
    private EmbeddedDatabase database;
    private List<Long> frozen = List.of();

    private OwnDatabase(Path dataDir, EmbeddedDatabase database) {
        this.dataDir = dataDir;
        this.database = database;
        this.port = database.port();
    }

    public static OwnDatabase start(String prefix) {
        try {
            var dataDir = Files.createTempDirectory(prefix + "-pg");
            var database = EmbeddedDatabase.start(0, "tourists", Optional.of(dataDir));
            try (var migrations = Databases.pool(settings(database, 2), prefix + "-migrations")) {
                Migrations.migrate(migrations);
            }
            AppRoles.create(database);
            return new OwnDatabase(dataDir, database);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Settings for a consumer's pool on this database: its role, with the server timeouts functions use. */
    public DbSettings functionSettings(int poolSize) {
        return new DbSettings(database.jdbcUrl(), AppRole.CONSUMER.roleName(), AppRole.CONSUMER.roleName(), poolSize,
                DbSettings.DEFAULT_CONNECTION_TIMEOUT).withServerTimeouts(DbSettings.ServerTimeouts.FUNCTION);
    }

    /**
     * A consumer's database variables for this database, as template.yaml sets them (with a user, not a secret):
     * it logs in as its role, tourists_consumer.
     */
    public Map<String, String> functionEnvironment(int poolSize) {
        return AppRoles.variables(database, AppRole.CONSUMER, poolSize);
    }

    /** Settings for the test's own queries. */
    public DbSettings testSettings(int poolSize) {
        return settings(database, poolSize);
    }

    private static DbSettings settings(EmbeddedDatabase database, int poolSize) {
        return new DbSettings(database.jdbcUrl(), database.user(), database.password(), poolSize,
                DbSettings.DEFAULT_CONNECTION_TIMEOUT);
    }

    /** Stops every PostgreSQL process (SIGSTOP): connections stay open and nothing answers. */
    public synchronized void freeze() {
        try (var connection = superuser()) {
            long backend;
            try (var rows = connection.createStatement().executeQuery("select pg_backend_pid()")) {
                rows.next();
                backend = rows.getLong(1);
            }
            var postmaster = ProcessHandle.of(backend).flatMap(ProcessHandle::parent)
                    .orElseThrow(() -> new IllegalStateException("no postmaster above backend " + backend));
            // All but this connection's own backend, which ends as the connection closes.
            frozen = Stream.concat(Stream.of(postmaster), postmaster.descendants())
                    .filter(process -> process.pid() != backend && process.isAlive())
                    .map(ProcessHandle::pid).toList();
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
        signal("STOP", frozen);
    }

    /** Lets the frozen processes run again (SIGCONT). */
    public synchronized void thaw() {
        if (!frozen.isEmpty()) {
            signal("CONT", frozen);
            frozen = List.of();
        }
    }

    /** Stops PostgreSQL: connections break, new ones are refused. */
    public synchronized void stop() {
        database.close();
    }

    /** Starts it again on the same port with the same data. */
    public synchronized void restart() {
        database = EmbeddedDatabase.start(port, "tourists", Optional.of(dataDir));
    }

    /** Runs statements as the superuser (ALTER SYSTEM, ALTER DATABASE). */
    public void asSuperuser(String... statements) {
        try (var connection = superuser(); var statement = connection.createStatement()) {
            // Writable even while the server's default is read-only, so that the test can undo it.
            statement.execute("set default_transaction_read_only = off");
            for (var sql : statements) {
                statement.execute(sql);
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    private Connection superuser() throws SQLException {
        DriverManager.setLoginTimeout((int) Duration.ofSeconds(5).toSeconds());
        return DriverManager.getConnection("jdbc:postgresql://127.0.0.1:" + port + "/postgres", "postgres", "");
    }

    private static void signal(String signal, List<Long> pids) {
        var command = new ArrayList<String>(List.of("kill", "-" + signal));
        pids.stream().filter(pid -> ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false))
                .forEach(pid -> command.add(Long.toString(pid)));
        if (command.size() == 2) {
            return;
        }
        try {
            var process = new ProcessBuilder(command).redirectErrorStream(true).start();
            if (process.waitFor() != 0) {
                throw new IllegalStateException(String.join(" ", command) + " failed: "
                        + new String(process.getInputStream().readAllBytes()));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    @Override
    public synchronized void close() {
        thaw();
        database.close();
    }
}
