package io.tourists.local;

import io.tourists.db.Databases;
import io.tourists.db.DbSettings;
import io.tourists.db.Migrations;
import io.tourists.local.db.EmbeddedDatabase;
import javax.sql.DataSource;

/**
 * The pipeline's PostgreSQL, ready: the embedded server started (or the given one reached) and migrated.
 *
 * @param pool the runtime's own connection, for the status line
 */
record StartedDatabase(String jdbcUrl, String user, String password, DataSource pool, String description) {

    static final String NAME = "tourists";

    static StartedDatabase start(RuntimeSettings.Database choice, Parts parts) {
        var database = switch (choice) {
            case RuntimeSettings.Database.Embedded embedded -> {
                var postgres = EmbeddedDatabase.start(embedded.port(), NAME, embedded.dataDirectory(), false);
                parts.add("PostgreSQL", postgres);
                yield new RuntimeSettings.Database.Existing(postgres.jdbcUrl(), postgres.user(), postgres.password());
            }
            case RuntimeSettings.Database.Existing existing -> existing;
        };
        var description = database.jdbcUrl() + switch (choice) {
            case RuntimeSettings.Database.Embedded embedded -> " (embedded PostgreSQL, user " + database.user()
                    + ", password " + database.password()
                    + embedded.dataDirectory().map(dir -> ", data in " + dir).orElse(", data discarded at exit") + ")";
            case RuntimeSettings.Database.Existing existing -> " (user " + existing.user() + ")";
        };
        // Flyway holds a lock on one connection while it migrates on another; that pool lives only for this.
        try (var migrations = Databases.pool(settings(database, 2), "tourists-local-migrations")) {
            Migrations.migrate(migrations);
        } catch (RuntimeException e) {
            throw new IllegalStateException("could not migrate " + database.jdbcUrl() + ": " + rootMessage(e), e);
        }
        var pool = Databases.pool(settings(database, 1), "tourists-local-status");
        parts.add("the status line's database pool", pool);
        return new StartedDatabase(database.jdbcUrl(), database.user(), database.password(), pool,
                description + ", migrated");
    }

    private static DbSettings settings(RuntimeSettings.Database.Existing database, int poolSize) {
        return new DbSettings(database.jdbcUrl(), database.user(), database.password(), poolSize,
                DbSettings.DEFAULT_CONNECTION_TIMEOUT);
    }

    private static String rootMessage(Throwable e) {
        var root = e;
        while (root.getCause() != null) {
            root = root.getCause();
        }
        return root.getMessage();
    }
}
