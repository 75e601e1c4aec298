package io.tourists.migrate;

import io.tourists.db.DbCredentials.UserPassword;
import io.tourists.db.Migrations;
import java.sql.SQLException;
import java.util.LinkedHashMap;
import java.util.Map;
import javax.sql.DataSource;

/**
 * The stack's schema step: Flyway's migrations (db/migration), then the application's roles and their grants
 * ({@link DatabaseRoles}). Running it again changes nothing but passwords and grants, which it sets anew.
 *
 * <p>Roles are created here, in Java, rather than in a Flyway migration: a migration runs once, while a
 * password comes from a secret that the stack may replace, and grants must reach tables that later migrations
 * add. Flyway's own history is the record of what ran.
 */
public final class SchemaMigration {

    /** What a run did, for the stack's events and the function's log. */
    public record Result(int migrationsApplied, String schemaVersion, int roles) {
        public Map<String, String> data() {
            var data = new LinkedHashMap<String, String>();
            data.put("MigrationsApplied", Integer.toString(migrationsApplied));
            data.put("SchemaVersion", schemaVersion);
            data.put("Roles", Integer.toString(roles));
            return data;
        }
    }

    private final DataSource migrator;

    /** @param migrator a pool of at least two connections (Flyway holds two) as a user that may migrate */
    public SchemaMigration(DataSource migrator) {
        this.migrator = migrator;
    }

    public Result run(Map<AppRole, UserPassword> logins) throws SQLException {
        var flyway = Migrations.flyway(migrator);
        var migrated = flyway.migrate();
        try (var connection = migrator.getConnection()) {
            DatabaseRoles.apply(connection, logins);
        }
        var current = flyway.info().current();
        var version = current == null || current.getVersion() == null ? "none" : current.getVersion().getVersion();
        return new Result(migrated.migrationsExecuted, version, logins.size());
    }
}
