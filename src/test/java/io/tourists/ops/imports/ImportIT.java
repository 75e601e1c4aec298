package io.tourists.ops.imports;

import io.tourists.ops.ConsumerStack;
import io.tourists.testing.Rows;
import io.tourists.testing.TestQueues;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static io.tourists.ops.ConsumerStack.waitUntil;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code tourists import} end to end: a file, the CLI, ElasticMQ, the real consumer and PostgreSQL. Each test has
 * its own queues and its own e-mail domain, so that its rows can be counted apart from the others'.
 */
class ImportIT {

    static final String HEADER = "firstName,lastName,email,nationality,dateOfBirth,passportNumber";

    static ConsumerStack stack;

    @TempDir
    Path directory;

    @BeforeAll
    static void start() {
        stack = new ConsumerStack();
    }

    @AfterAll
    static void stop() {
        stack.close();
    }

    Path file(String name, String content) throws IOException {
        var file = directory.resolve(name);
        Files.writeString(file, content, StandardCharsets.UTF_8);
        // A file written a minute ago: its last-modified time is every row's occurredAt.
        Files.setLastModifiedTime(file, FileTime.from(Instant.now().minus(1, ChronoUnit.MINUTES)));
        return file;
    }

    static long count(String sql, Object... parameters) {
        return Rows.count(stack.dataSource, sql, parameters);
    }

    /** Each row's system version (xmin): it changes whenever PostgreSQL rewrites the row, even to equal values. */
    static Map<String, String> rowVersions(String domain) {
        var versions = new HashMap<String, String>();
        try (var connection = stack.dataSource.getConnection();
             var statement = connection.prepareStatement("select email, xmin::text from tourist where email like ?")) {
            statement.setString(1, "%@" + domain);
            try (var rows = statement.executeQuery()) {
                while (rows.next()) {
                    versions.put(rows.getString(1), rows.getString(2));
                }
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
        return versions;
    }

    static long tourists(String domain) {
        return count("select count(*) from tourist where email like ?", "%@" + domain);
    }

    @Test
    void aFileWithGoodAndBadRows_importsExactlyTheGoodOnesOnce() throws IOException {
        var queues = stack.queues(5);
        var file = file("mixed.csv", HEADER + "\n"
                + "Ada,Lovelace,ada@mixed.example.com,GB,1990-12-10,P1234567\n"
                + "Grace,Hopper,grace-at-mixed.example.com,US,1906-12-09,\n"
                + "Alan,Turing,alan@mixed.example.com,GB,1912-06-23,\n"
                + "\"Mary-Jane\",\"O'Brien\",mj@mixed.example.com,IE,1980-01-31,\n"
                + "Katherine,Johnson,katherine@mixed.example.com,,1918-08-26,\n"
                + "Zoë,Ní Bhriain,zoe@mixed.example.com,IE,1999-02-28\n"
                + "José,García,jose@mixed.example.com,ES,2001-07-04,X12\n");

        var run = stack.cli().run("import", file.toString(), "--queue", queues.name());

        assertThat(run.exitCode()).as(run.err()).isEqualTo(1);
        assertThat(run.outLines()).containsExactly(
                file + ": 7 rows (CSV), 3 valid, 4 refused; occurredAt "
                        + Files.getLastModifiedTime(file).toInstant().truncatedTo(ChronoUnit.MICROS)
                        + " (the file's last-modified time)",
                "  line 3: email: must be an address like name@example.com",
                "  line 6: nationality: is required",
                "  line 7: $: has 5 cells; the header has 6",
                "  line 8: passportNumber: must be 5-20 upper-case letters and digits",
                "sent 3 of 3 writes to " + queues.name() + " in " + run.outLines().getLast().split(" in ")[1]);
        var consumed = stack.consumer(queues, stack.dataSource).drain();
        assertThat(consumed.received()).isEqualTo(3);
        assertThat(consumed.applied()).isEqualTo(3);
        assertThat(TestQueues.depth(stack.sqs, queues.deadLetterUrl())).isZero();
        assertThat(tourists("mixed.example.com")).isEqualTo(3);
        assertThat(count("select count(*) from tourist where email = 'mj@mixed.example.com' and last_name = 'O''Brien'"))
                .isEqualTo(1);
    }

    @Test
    void aSecondImportOfTheSameFile_appliesNothing() throws IOException {
        var queues = stack.queues(5);
        var file = file("same.jsonl", """
                {"touristId":"0190f5a0-0000-7000-8000-00000000a001","firstName":"Ada","lastName":"Lovelace","email":"ada@same.example.com","nationality":"GB","dateOfBirth":"1990-12-10"}
                {"touristId":"0190f5a0-0000-7000-8000-00000000a002","firstName":"Grace","lastName":"Hopper","email":"grace@same.example.com","nationality":"US","dateOfBirth":"1906-12-09"}
                {"touristId":"0190f5a0-0000-7000-8000-00000000a003","firstName":"Alan","lastName":"Turing","email":"alan@same.example.com","nationality":"GB","dateOfBirth":"1912-06-23"}
                """);
        var consumer = stack.consumer(queues, stack.dataSource);
        var running = consumer.start();
        var first = stack.cli().run("import", file.toString(), "--queue", queues.name(), "--wait");
        assertThat(running.stop().applied()).isEqualTo(3);
        assertThat(first.exitCode()).as(first.err()).isZero();
        assertThat(first.out()).contains("sent 3 of 3 writes").contains("committed 3 of 3 in ");
        var versions = rowVersions("same.example.com");
        assertThat(versions).hasSize(3);

        // Sent again in full: the consumer finds every writeId already claimed.
        var again = stack.cli().run("import", file.toString(), "--queue", queues.name());
        var consumed = consumer.drain();

        assertThat(again.exitCode()).as(again.err()).isZero();
        assertThat(again.out()).contains("sent 3 of 3 writes");
        assertThat(consumed.received()).isEqualTo(3);
        assertThat(consumed.duplicates()).isEqualTo(3);
        assertThat(consumed.applied()).isZero();
        assertThat(rowVersions("same.example.com")).isEqualTo(versions);

        // With --wait, the import reads applied_write first and sends nothing.
        var third = stack.cli().run("import", file.toString(), "--queue", queues.name(), "--wait");

        assertThat(third.exitCode()).as(third.err()).isZero();
        assertThat(third.out()).contains("3 rows already applied (their writeIds are in applied_write): not sent again")
                .contains("nothing to send to " + queues.name());
        assertThat(TestQueues.depth(stack.sqs, queues.url())).isZero();
    }

    @Test
    void aChangedRowInALaterFile_wins_andTheOlderFileImportedAgainChangesNothing() throws IOException {
        var queues = stack.queues(5);
        var consumer = stack.consumer(queues, stack.dataSource);
        var monday = file("monday.csv", "customerRef," + HEADER + "\n"
                + "C-1,Ada,Lovelace,ada@later.example.com,GB,1990-12-10,\n"
                + "C-2,Alan,Turing,alan@later.example.com,GB,1912-06-23,\n");
        var tuesday = file("tuesday.csv", "customerRef," + HEADER + "\n"
                + "C-1,Ada,King,ada@later.example.com,GB,1990-12-10,\n"
                + "C-2,Alan,Turing,alan@later.example.com,GB,1912-06-23,\n");
        var mondayTime = Instant.now().minus(2, ChronoUnit.DAYS).toString();
        var tuesdayTime = Instant.now().minus(1, ChronoUnit.DAYS).toString();

        assertThat(stack.cli().run("import", monday.toString(), "--queue", queues.name(), "--key", "customerRef",
                "--occurred-at", mondayTime).exitCode()).isZero();
        assertThat(consumer.drain().applied()).isEqualTo(2);
        assertThat(stack.cli().run("import", tuesday.toString(), "--queue", queues.name(), "--key", "customerRef",
                "--occurred-at", tuesdayTime).exitCode()).isZero();
        assertThat(consumer.drain().applied()).isEqualTo(2);
        assertThat(count("select count(*) from tourist where email = 'ada@later.example.com' and last_name = 'King'"))
                .isEqualTo(1);
        var versions = rowVersions("later.example.com");

        var mondayAgain = stack.cli().run("import", monday.toString(), "--queue", queues.name(), "--key", "customerRef",
                "--occurred-at", mondayTime);
        var consumed = consumer.drain();

        assertThat(mondayAgain.exitCode()).isZero();
        assertThat(consumed.received()).isEqualTo(2);
        assertThat(consumed.duplicates()).isEqualTo(2);
        assertThat(rowVersions("later.example.com")).isEqualTo(versions);
        assertThat(tourists("later.example.com")).isEqualTo(2);
    }

    @Test
    void aRowTheDatabaseRefuses_endsTheWaitAsRefusedByTheConsumer_notAsATimeout() throws IOException {
        var queues = stack.queues(5);
        var file = file("refused.csv", HEADER + "\n"
                + "Ada,Lovelace,ada@refused.example.com,GB,1990-12-10,\n"
                + "Zed,Traveller,zed@refused.example.com,GB,1980-01-01,\n");
        execute("alter table tourist add constraint tourist_no_zed check (first_name <> 'Zed')");
        try {
            var running = stack.consumer(queues, stack.dataSource).start();
            var run = stack.cli().run("import", file.toString(), "--queue", queues.name(), "--wait",
                    "--wait-timeout", "120");
            running.stop();

            assertThat(run.exitCode()).as(run.err()).isEqualTo(1);
            assertThat(run.out()).contains("committed 1 of 2 in ").contains("; 1 refused by the consumer")
                    .doesNotContain("stopped waiting");
            assertThat(run.err()).contains("the consumer refused 1 rows");
            assertThat(tourists("refused.example.com")).isEqualTo(1);
            assertThat(TestQueues.depth(stack.sqs, queues.deadLetterUrl())).isEqualTo(1);
        } finally {
            execute("alter table tourist drop constraint if exists tourist_no_zed");
        }
    }

    static void execute(String sql) {
        try (var connection = stack.dataSource.getConnection(); var statement = connection.createStatement()) {
            statement.execute(sql);
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    @Test
    void anImportKilledHalfWay_andResumed_endsWithEveryRowOnce() throws Exception {
        var queues = stack.queues(5);
        int rows = 1_000;
        var csv = new StringBuilder(HEADER).append('\n');
        for (int i = 0; i < rows; i++) {
            csv.append("Ada,Lovelace,ada.").append(i).append("@killed.example.com,GB,1990-12-10,\n");
        }
        var file = file("killed.csv", csv.toString());

        // A crash, not a polite stop: the CLI in its own JVM, killed (SIGKILL) while it sends at 200 rows/s.
        var child = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), "io.tourists.ops.TouristsCli",
                "import", file.toString(), "--queue", queues.name(), "--rate", "200", "--progress", "none")
                .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD);
        child.environment().putAll(Map.of("AWS_REGION", "us-east-1", "AWS_ENDPOINT_URL_SQS",
                stack.elasticMq.endpoint().toString(), "AWS_ACCESS_KEY_ID", "local", "AWS_SECRET_ACCESS_KEY", "local"));
        var process = child.start();
        waitUntil(Duration.ofSeconds(60), () -> TestQueues.depth(stack.sqs, queues.url()) >= 100, "the import is under way");
        assertThat(process.isAlive()).as("still sending when killed").isTrue();
        process.destroyForcibly();
        assertThat(process.waitFor(30, TimeUnit.SECONDS)).isTrue();
        long sentBeforeTheCrash = TestQueues.depth(stack.sqs, queues.url());
        assertThat(sentBeforeTheCrash).as("killed half way").isBetween(100L, rows - 1L);

        var resumed = stack.cli().run("import", file.toString(), "--queue", queues.name());
        var consumed = stack.consumer(queues, stack.dataSource, 100).drain();

        assertThat(resumed.exitCode()).as(resumed.err()).isZero();
        assertThat(consumed.received()).isEqualTo(sentBeforeTheCrash + rows);
        assertThat(consumed.applied()).isEqualTo(rows);
        assertThat(consumed.duplicates()).isEqualTo(sentBeforeTheCrash);
        assertThat(tourists("killed.example.com")).isEqualTo(rows);
        assertThat(count("select count(distinct email) from tourist where email like '%@killed.example.com'")).isEqualTo(rows);
    }
}
