package io.tourists.domain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tourists.local.template.SamTemplate;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class WriteRetentionTest {

    private static final Instant NOW = Instant.parse("2026-11-29T12:00:00Z");
    private static final WriteRetention TWENTY_DAYS = WriteRetention.ofDays(20);
    /** Days added to the queues' retention: a redrive decided on the DLQ's last day still reaches the consumer. */
    private static final int MARGIN_DAYS = 2;

    @Test
    void aWriteIsTooOldOnceItOccurredBeforeTheWindow() {
        assertThat(TWENTY_DAYS.isTooOld(NOW.minus(Duration.ofDays(20)), NOW)).isFalse();
        assertThat(TWENTY_DAYS.isTooOld(NOW.minus(Duration.ofDays(20)).minusNanos(1000), NOW)).isTrue();
    }

    @Test
    void pruningWaitsADayLongerThanTheConsumer() {
        assertThat(TWENTY_DAYS.pruneBefore(NOW)).isEqualTo(NOW.minus(Duration.ofDays(21)));
        assertThat(TWENTY_DAYS.isTooOld(TWENTY_DAYS.pruneBefore(NOW), NOW)).as("what may be pruned is too old").isTrue();
    }

    @Test
    void aUuidV7SaysWhenItWasMade_otherIdsSayNothing() {
        var made30DaysAgo = Ids.newId(Clock.fixed(NOW.minus(Duration.ofDays(30)), ZoneOffset.UTC));
        var made10DaysAgo = Ids.newId(Clock.fixed(NOW.minus(Duration.ofDays(10)), ZoneOffset.UTC));

        assertThat(TWENTY_DAYS.idIsOlderThanWindow(made30DaysAgo, NOW)).isTrue();
        assertThat(TWENTY_DAYS.idIsOlderThanWindow(made10DaysAgo, NOW)).isFalse();
        assertThat(TWENTY_DAYS.idIsOlderThanWindow(UUID.fromString("00000000-0000-4000-8000-000000000000"), NOW)).isFalse();
        assertThat(TWENTY_DAYS.idIsOlderThanWindow(Ids.derived("an idempotency key"), NOW)).isFalse();
    }

    @Test
    void readsWriteRetentionDays_withTwentyWhenUnset_andRefusesNonsense() {
        assertThat(WriteRetention.fromEnvironment(Map.of()).days()).isEqualTo(20);
        assertThat(WriteRetention.fromEnvironment(Map.of("WRITE_RETENTION_DAYS", "30")).days()).isEqualTo(30);
        assertThatThrownBy(() -> WriteRetention.fromEnvironment(Map.of("WRITE_RETENTION_DAYS", "0")))
                .hasMessageContaining("at least 1 day");
        assertThatThrownBy(() -> WriteRetention.fromEnvironment(Map.of("WRITE_RETENTION_DAYS", "two weeks")))
                .hasMessageContaining("whole number of days");
    }

    /**
     * The window must outlast a message: WriteQueue's retention, then its DLQ's (a message moved there by the
     * redrive policy, or parked), and a margin for the operator's redrive. Derived from template.yaml, so that
     * changing a queue's retention without the window fails here.
     */
    @Test
    void theTemplatesWindowOutlastsTheWriteQueueAndItsDeadLetterQueue() {
        var template = SamTemplate.read(Path.of("template.yaml"));
        var writeQueue = template.properties("WriteQueue");
        var deadLetterTarget = SamTemplate.map(SamTemplate.map(writeQueue, "RedrivePolicy"), "deadLetterTargetArn");
        var deadLetterQueue = template.properties(String.valueOf(((List<?>) deadLetterTarget.get("Fn::GetAtt")).getFirst()));
        long queueSeconds = seconds(writeQueue.get("MessageRetentionPeriod"));
        long deadLetterSeconds = seconds(deadLetterQueue.get("MessageRetentionPeriod"));
        long lowerBoundDays = (queueSeconds + deadLetterSeconds + Duration.ofDays(1).toSeconds() - 1)
                / Duration.ofDays(1).toSeconds() + MARGIN_DAYS;

        var parameter = SamTemplate.map(SamTemplate.map(template.root(), "Parameters"), "WriteRetentionDays");

        assertThat(lowerBoundDays).as("4 + 14 + 2 with PLAN.md's queues").isEqualTo(20);
        assertThat(seconds(parameter.get("MinValue"))).isGreaterThanOrEqualTo(lowerBoundDays);
        assertThat(seconds(parameter.get("Default"))).isGreaterThanOrEqualTo(seconds(parameter.get("MinValue")));
        assertThat((long) WriteRetention.DEFAULT_DAYS).isGreaterThanOrEqualTo(lowerBoundDays);
        for (var function : List.of("ConsumerFunction", "ReadFunction", "PruneFunction")) {
            assertThat(template.environment(function).get(WriteRetention.VARIABLE)).as(function)
                    .isEqualTo(Map.of("Ref", "WriteRetentionDays"));
        }
    }

    private static long seconds(Object value) {
        return Long.parseLong(String.valueOf(value));
    }
}
