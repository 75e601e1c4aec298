package io.tourists.ops.db;

import static org.assertj.core.api.Assertions.assertThat;

import io.tourists.db.TouristStore;
import io.tourists.domain.TouristWrite;
import io.tourists.json.Json;
import io.tourists.ops.Cli;
import io.tourists.testing.Infrastructure;
import io.tourists.testing.Rows;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** db prune against a real PostgreSQL: a dry run counts and deletes nothing; --apply deletes what it counted. */
class PruneCommandIT {

    private final Instant now = Instant.now().truncatedTo(ChronoUnit.MICROS);
    private Cli cli;

    @BeforeEach
    void oneOldTombstoneAndOneRecentWrite() {
        Infrastructure.resetDatabase();
        var database = Infrastructure.database();
        cli = new Cli(Map.of("DB_URL", database.jdbcUrl(), "DB_USER", database.user(),
                "DB_PASSWORD", database.password(), "WRITE_RETENTION_DAYS", "20"));
        new TouristStore(Infrastructure.dataSource()).apply(List.of(
                new TouristWrite.Delete(UUID.randomUUID(), UUID.randomUUID(), now.minus(Duration.ofDays(30))),
                new TouristWrite.Delete(UUID.randomUUID(), UUID.randomUUID(), now.minus(Duration.ofDays(2)))), List.of());
    }

    @Test
    void aDryRunShowsTheCountsAndDeletesNothing() {
        var dryRun = cli.run("db", "prune");

        assertThat(dryRun.exitCode()).as(dryRun.err()).isZero();
        assertThat(dryRun.outLines()).hasSize(5);
        assertThat(dryRun.outLines().getFirst()).contains("writes that occurred before", "(20-day window + 1 day)");
        assertThat(dryRun.outLines().subList(1, 4)).containsExactly(
                "  applied write records    1", "  rejections               0", "  tombstones               1");
        assertThat(dryRun.outLines().getLast()).isEqualTo("dry run: nothing deleted; add --apply to delete");
        assertThat(Rows.count("select count(*) from applied_write")).isEqualTo(2);
        assertThat(Rows.count("select count(*) from tourist")).isEqualTo(2);
    }

    @Test
    void applyDeletesWhatTheDryRunCounted_andAWiderWindowKeepsMore() throws Exception {
        var wider = Json.readTree(cli.run("db", "prune", "--retention-days", "60", "--apply", "--json").out());
        assertThat(wider.get("deleted").asBoolean()).isTrue();
        assertThat(wider.get("appliedWrites").asLong() + wider.get("tombstones").asLong()).isZero();

        var applied = Json.readTree(cli.run("db", "prune", "--apply", "--json").out());

        assertThat(applied.get("retentionDays").asInt()).isEqualTo(20);
        assertThat(applied.get("appliedWrites").asLong()).isEqualTo(1);
        assertThat(applied.get("tombstones").asLong()).isEqualTo(1);
        assertThat(Rows.count("select count(*) from applied_write")).isEqualTo(1);
        assertThat(Rows.count("select count(*) from tourist")).isEqualTo(1);
    }

    @Test
    void aWindowOfNoDaysIsRefusedInOneLine() {
        var refused = cli.run("db", "prune", "--retention-days", "0");

        assertThat(refused.exitCode()).isEqualTo(2);
        assertThat(refused.errLines()).singleElement().asString().contains("WRITE_RETENTION_DAYS must be at least 1 day");
    }
}
