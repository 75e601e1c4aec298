package io.tourists.ops.db;

import io.tourists.json.Json;
import io.tourists.local.db.EmbeddedDatabase;
import io.tourists.ops.Cli;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** db status and db migrate against a real, fresh PostgreSQL. */
class SchemaMigrationsIT {

    static EmbeddedDatabase database;
    static Cli cli;

    @BeforeAll
    static void start() {
        database = EmbeddedDatabase.start(0, "tourists", Optional.empty());
        cli = new Cli(Map.of("DB_URL", database.jdbcUrl(), "DB_USER", database.user(), "DB_PASSWORD", database.password()));
    }

    @AfterAll
    static void stop() {
        database.close();
    }

    @Test
    void statusShowsPendingMigrations_migrateAppliesThem_andASecondMigrateChangesNothing() throws Exception {
        var before = cli.run("db", "status");
        var migrate = cli.run("db", "migrate");
        var again = cli.run("db", "migrate");
        var after = cli.run("db", "status", "--json");

        assertThat(before.exitCode()).as(before.err()).isZero();
        assertThat(before.outLines().getFirst()).isEqualTo(database.jdbcUrl() + ": schema version none, 2 pending");
        assertThat(before.out()).containsPattern("1 +tourists +Pending +-").containsPattern("2 +write status and retention +Pending +-");

        assertThat(migrate.exitCode()).as(migrate.err()).isZero();
        assertThat(migrate.out()).isEqualTo(database.jdbcUrl() + ": applied 2 migrations, schema version empty -> 2\n");
        assertThat(again.out()).isEqualTo(database.jdbcUrl() + ": schema is up to date at version 2\n");

        var status = Json.readTree(after.out());
        assertThat(status.get("current").asText()).isEqualTo("2");
        assertThat(status.get("pending").asInt()).isZero();
        assertThat(status.get("migrations")).hasSize(2).allSatisfy(migration -> {
            assertThat(migration.get("state").asText()).isEqualTo("Success");
            assertThat(migration.get("installedOn").asText()).isNotBlank();
        });
    }

    @Test
    void anUnknownUser_isOneLine() {
        var status = cli.run("db", "status", "--db-user", "nobody");

        assertThat(status.exitCode()).isEqualTo(2);
        assertThat(status.errLines()).singleElement().asString()
                .startsWith("error: PostgreSQL at " + database.jdbcUrl() + " refused user nobody: ");
    }
}
