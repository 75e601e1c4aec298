package io.tourists.ops;

import java.util.Map;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** Usage: what the CLI says before it talks to anything. */
class TouristsCliTest {

    final Cli cli = new Cli(Map.of("AWS_REGION", "us-east-1"));

    @Test
    void helpListsTheCommandGroups() {
        var help = cli.run("--help");

        assertThat(help.exitCode()).isZero();
        assertThat(help.out()).contains("Usage: tourists").contains("dlq").contains("db").contains("load");
    }

    @Test
    void noCommand_isAUsageError_withExitCode2() {
        var run = cli.run();

        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.err()).contains("Missing required subcommand").contains("Usage: tourists");
    }

    @Test
    void aMistypedOption_isAUsageError_thatSuggestsTheRightOne() {
        var run = cli.run("dlq", "stats", "--queeue", "x");

        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.err()).startsWith("Unknown options: '--queeue', 'x'").contains("Possible solutions: --queue");
    }

    @Test
    void aRedriveRateAbove500_isRefusedBeforeAnythingIsMoved() {
        var run = cli.run("dlq", "redrive", "--rate", "501");

        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.err()).startsWith("--rate must be between 1 and 500, got 501").contains("Usage: tourists dlq redrive");
    }

    @Test
    void statusAndCancelTogether_isAUsageError() {
        var run = cli.run("dlq", "redrive", "--status", "--cancel");

        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.err()).startsWith("--status and --cancel cannot be combined");
    }

    @Test
    void peekReadsBetween1And1000Messages() {
        assertThat(cli.run("dlq", "peek", "--max", "0").exitCode()).isEqualTo(2);
        assertThat(cli.run("dlq", "peek", "--max", "1001").err()).startsWith("--max must be between 1 and 1000");
    }

    @Test
    void anEndpointThatIsNotHttp_isOneLine() {
        var run = cli.run("dlq", "stats", "--endpoint-url", "ftp://127.0.0.1:9324");

        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.err()).isEqualTo("error: the endpoint URL must be http(s)://host[:port], got ftp://127.0.0.1:9324\n");
    }

    @Test
    void theDatabaseCommandsNeedADatabase() {
        var run = cli.run("db", "status");

        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.err()).isEqualTo("error: no database: pass --db-url or set DB_URL\n");
    }

    @Test
    void loadRefusesAConcurrencyOfZero() {
        var run = cli.run("load", "--concurrency", "0");

        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.err()).startsWith("concurrency must be between 1 and 1000, got 0");
    }

    @Test
    void importOfAFileThatIsNotThere_isOneLine() {
        var run = cli.run("import", "no-such-file.csv");

        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.err()).isEqualTo("error: no file no-such-file.csv\n");
    }

    @Test
    void importNeedsAFormatItCanTell(@org.junit.jupiter.api.io.TempDir java.nio.file.Path directory) throws Exception {
        var file = java.nio.file.Files.writeString(directory.resolve("tourists.txt"), "firstName\nAda\n");

        var run = cli.run("import", file.toString(), "--dry-run");

        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.err()).isEqualTo("error: cannot tell the format of " + file
                + " from its name: pass --format csv or --format jsonl\n");
    }

    @Test
    void importWithAnUnknownColumn_checksNoRow(@org.junit.jupiter.api.io.TempDir java.nio.file.Path directory)
            throws Exception {
        var file = java.nio.file.Files.writeString(directory.resolve("tourists.csv"), "firstName,shoeSize\nAda,42\n");

        var run = cli.run("import", file.toString(), "--dry-run");

        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.err()).startsWith("error: " + file + ": line 1: unknown column shoeSize; the columns are "
                + "firstName, lastName, email, nationality, dateOfBirth, passportNumber, touristId");
        assertThat(run.out()).isEmpty();
    }
}
