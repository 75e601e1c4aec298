package io.tourists.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import io.tourists.consumer.Backoff;
import io.tourists.consumer.DatabaseCircuit;
import io.tourists.db.DbSettings;
import io.tourists.local.template.SamTemplate;
import io.tourists.local.template.TemplateValues;
import io.tourists.prune.PruneFunction;
import io.tourists.testing.TemplateConsumer;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The write queue rides out a database outage of 15 minutes without one message reaching the dead-letter
 * queue: the consumer's backoff (its BACKOFF_* variables), the queue's maxReceiveCount and its visibility
 * timeout, read from template.yaml, hold it together; and the arithmetic in docs/consumer.md is the template's.
 */
class OutageToleranceTest {

    private static final SamTemplate TEMPLATE = TemplateTest.TEMPLATE;
    private static final Duration REQUIRED = Duration.ofMinutes(15);

    private static int integer(Object value) {
        return new TemplateValues(TEMPLATE, Map.of(), Map.of(), Map.of()).integer(value, String.valueOf(value));
    }

    private static Backoff consumerBackoff() {
        assertThat(TemplateConsumer.environment()).as("the schedule is written in the template, not left to the code's defaults")
                .containsKeys(Backoff.FIRST_VARIABLE, Backoff.MAX_VARIABLE);
        return TemplateConsumer.backoff();
    }

    private static int maxReceiveCount() {
        return TemplateConsumer.maxReceiveCount();
    }

    private static Duration visibilityTimeout() {
        return TemplateConsumer.visibilityTimeout();
    }

    /**
     * Each failed receive waits one backoff step, or the visibility timeout when the invocation timed out before
     * it could set one: the shorter of the two is what the bound may count on.
     */
    @Test
    void aFifteenMinuteDatabaseOutageSendsNothingToTheDeadLetterQueue() {
        var backoff = consumerBackoff();
        var visibility = visibilityTimeout();
        var shortest = Duration.ZERO;
        for (int receive = 1; receive < maxReceiveCount(); receive++) {
            var step = backoff.after(receive);
            shortest = shortest.plus(step.compareTo(visibility) < 0 ? step : visibility);
        }
        var tolerated = shortest.minus(DatabaseCircuit.MAX_SKIP);

        assertThat(tolerated).as("outage ridden out with maxReceiveCount %d and %s", maxReceiveCount(), backoff)
                .isGreaterThanOrEqualTo(REQUIRED)
                .isEqualTo(backoff.toleratedOutage(maxReceiveCount(), DatabaseCircuit.MAX_SKIP));
    }

    @Test
    void theFirstRetryComesSecondsAfterAFailure_notAfterTheVisibilityTimeout() {
        var backoff = consumerBackoff();

        assertThat(backoff.first()).isLessThanOrEqualTo(Duration.ofSeconds(5));
        assertThat(backoff.max()).as("after a long outage the last messages land within a minute of recovery")
                .isLessThanOrEqualTo(Duration.ofSeconds(60))
                .isLessThan(visibilityTimeout());
    }

    @Test
    void everyFunctionTimeoutOutlastsADatabaseCall() {
        var socketTimeout = DbSettings.ServerTimeouts.FUNCTION.socketTimeout();
        var consumerTimeout = SamTemplate.map(SamTemplate.map(TEMPLATE.root(), "Parameters"), "ConsumerTimeoutSeconds");
        var readTimeout = TEMPLATE.functionProperty("ReadFunction", "Timeout").orElseThrow();

        assertThat(Duration.ofSeconds(integer(consumerTimeout.get("MinValue")))).isGreaterThan(socketTimeout);
        assertThat(Duration.ofSeconds(integer(readTimeout))).isGreaterThan(socketTimeout);
        assertThat(DbSettings.ServerTimeouts.FUNCTION.statement()).isLessThan(socketTimeout);
        assertThat(DbSettings.ServerTimeouts.FUNCTION.lock()).isLessThan(DbSettings.ServerTimeouts.FUNCTION.statement());
    }

    /**
     * Where the stack created the cluster, the read function waits for a paused one to resume: its timeout
     * outlasts that wait plus a statement, and the HTTP API waits for the function (30 s at most). The consumer
     * keeps the default 3 s (its backoff rides the resume out) and the prune function's wait fits its timeout.
     */
    @Test
    void theReadFunctionWaitsForAResumingDatabase_withinItsTimeoutAndTheHttpApis() {
        var socketTimeout = DbSettings.ServerTimeouts.FUNCTION.socketTimeout();
        var readWait = createModeConnectTimeout("ReadFunction");
        var readTimeout = Duration.ofSeconds(integer(TEMPLATE.functionProperty("ReadFunction", "Timeout").orElseThrow()));
        var integration = Duration.ofMillis(integer(TEMPLATE.properties("ReadApiIntegration").get("TimeoutInMillis")));

        assertThat(readWait).as("a paused Aurora resumes in about 15 s").isGreaterThanOrEqualTo(Duration.ofSeconds(20));
        assertThat(readTimeout).isGreaterThan(readWait.plus(socketTimeout));
        assertThat(integration).isGreaterThanOrEqualTo(readTimeout).isLessThanOrEqualTo(Duration.ofSeconds(30));
        assertThat(Duration.ofSeconds(integer(variables("ConsumerFunction").get("DB_CONNECT_TIMEOUT_SECONDS"))))
                .isEqualTo(DbSettings.DEFAULT_CONNECTION_TIMEOUT);
        assertThat(Duration.ofSeconds(integer(TEMPLATE.functionProperty("PruneFunction", "Timeout").orElseThrow())))
                .isGreaterThan(createModeConnectTimeout("PruneFunction").plus(socketTimeout)
                        .plus(PruneFunction.STOP_BEFORE_TIMEOUT));
    }

    private static Map<String, Object> variables(String function) {
        return SamTemplate.map(SamTemplate.map(TEMPLATE.properties(function), "Environment"), "Variables");
    }

    /** DB_CONNECT_TIMEOUT_SECONDS: !If [CreatesDatabase, 'N', '3']: N; with another database, the default. */
    private static Duration createModeConnectTimeout(String function) {
        var value = SamTemplate.map(variables(function), "DB_CONNECT_TIMEOUT_SECONDS");
        var branches = (List<?>) value.get("Fn::If");
        assertThat(branches.get(0)).isEqualTo("CreatesDatabase");
        assertThat(Duration.ofSeconds(integer(branches.get(2)))).isEqualTo(DbSettings.DEFAULT_CONNECTION_TIMEOUT);
        return Duration.ofSeconds(integer(branches.get(1)));
    }

    @Test
    void theConsumerPageWritesTheArithmeticWithTheTemplatesValues() throws IOException {
        var page = Files.readString(Path.of("docs", "consumer.md")).replaceAll("\\s+", " ");
        var backoff = consumerBackoff();
        int count = maxReceiveCount();
        long seconds = backoff.toleratedOutage(count, Duration.ZERO).toSeconds();

        assertThat(page).contains("maxReceiveCount, " + count, arithmetic(backoff, count) + " = " + seconds + " s",
                seconds - DatabaseCircuit.MAX_SKIP.toSeconds() + " s");
    }

    /** The waits before receives 2 to {@code count}, as docs/consumer.md spells them: "2 + 4 + 8 + 15 x 60". */
    private static String arithmetic(Backoff backoff, int count) {
        var terms = new ArrayList<String>();
        int atMax = 0;
        for (int receive = 1; receive < count; receive++) {
            var step = backoff.after(receive);
            if (step.equals(backoff.max())) {
                atMax++;
            } else {
                terms.add(String.valueOf(step.toSeconds()));
            }
        }
        if (atMax > 0) {
            terms.add(atMax + " x " + backoff.max().toSeconds());
        }
        return String.join(" + ", terms);
    }
}
