package io.tourists.ops.db;

import io.tourists.json.Json;
import io.tourists.local.db.EmbeddedDatabase;
import io.tourists.ops.Cli;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
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

        // Versions are agreed in advance between branches, so there may be gaps: count the files, take the highest.
        var versions = migrationVersions();
        int n = versions.size();
        int latest = versions.getLast();
        assertThat(before.exitCode()).as(before.err()).isZero();
        assertThat(before.outLines().getFirst()).isEqualTo(database.jdbcUrl() + ": schema version none, " + n + " pending");
        assertThat(before.out()).containsPattern("1 +tourists +Pending +-").containsPattern("2 +write status and retention +Pending +-")
                .containsPattern("3 +prune rejections by when recorded +Pending +-")
                .containsPattern("5 +read side +Pending +-");

        assertThat(migrate.exitCode()).as(migrate.err()).isZero();
        assertThat(migrate.out()).isEqualTo(database.jdbcUrl() + ": applied " + n + " migrations, schema version empty -> "
                + latest + "\n");
        assertThat(again.out()).isEqualTo(database.jdbcUrl() + ": schema is up to date at version " + latest + "\n");

        var status = Json.readTree(after.out());
        assertThat(status.get("current").asText()).isEqualTo(Integer.toString(latest));
        assertThat(status.get("pending").asInt()).isZero();
        assertThat(status.get("migrations")).hasSize(n).allSatisfy(migration -> {
            assertThat(migration.get("state").asText()).isEqualTo("Success");
            assertThat(migration.get("installedOn").asText()).isNotBlank();
        });
    }

    /** The versions of the V{n}__*.sql files in src/main/resources/db/migration, in order. */
    private static List<Integer> migrationVersions() throws IOException {
        try (var files = Files.list(Path.of("src/main/resources/db/migration"))) {
            return files.map(file -> file.getFileName().toString())
                    .filter(name -> name.matches("V\\d+__.*\\.sql"))
                    .map(name -> Integer.parseInt(name.substring(1, name.indexOf("__"))))
                    .sorted().toList();
        }
    }

    @Test
    void anUnknownUser_isOneLine() {
        var status = cli.run("db", "status", "--db-user", "nobody");

        assertThat(status.exitCode()).isEqualTo(2);
        assertThat(status.errLines()).singleElement().asString()
                .startsWith("error: PostgreSQL at " + database.jdbcUrl() + " refused user nobody: ");
    }
}
