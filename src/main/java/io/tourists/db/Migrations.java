package io.tourists.db;

import javax.sql.DataSource;
import org.flywaydb.core.Flyway;

/**
 * Schema migrations (Flyway, {@code src/main/resources/db/migration}). Run by the operator CLI, the local
 * runtime and the tests, never by a function at cold start: Flyway is not in the Lambda artifact.
 * Flyway holds two connections while it migrates, so give it a pool of at least two, not a function's pool.
 */
public final class Migrations {

    private Migrations() {
    }

    public static Flyway flyway(DataSource dataSource) {
        return Flyway.configure()
                .dataSource(dataSource)
                .locations("classpath:db/migration")
                .load();
    }

    public static void migrate(DataSource dataSource) {
        flyway(dataSource).migrate();
    }
}
