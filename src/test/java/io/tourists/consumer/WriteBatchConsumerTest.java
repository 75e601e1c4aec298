package io.tourists.consumer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.amazonaws.services.lambda.runtime.events.SQSBatchResponse;
import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import com.amazonaws.services.lambda.runtime.tests.annotations.Event;
import io.tourists.db.InMemoryWriteStore;
import io.tourists.db.StoreException;
import io.tourists.domain.FieldError;
import io.tourists.domain.TouristWrite;
import io.tourists.domain.WriteRetention;
import io.tourists.lambda.InvocationMetrics;
import io.tourists.local.lambda.LocalContext;
import io.tourists.queue.DeadLetters.Refusal;
import io.tourists.queue.RecordingDeadLetters;
import io.tourists.queue.RecordingRedeliveries;
import io.tourists.queue.WriteEnvelope;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.params.ParameterizedTest;

/**
 * The consumer's batch logic, fed AWS's own SQS event JSON (src/test/resources/events) as the Lambda runtime
 * hands it over, with the store and the dead-letter queue in memory. What only PostgreSQL and SQS can show
 * (one round trip, locking, the DLQ's attributes, redrive) is in the ITs.
 */
class WriteBatchConsumerTest {

    private static final UUID TOURIST = UUID.fromString("01a2069b-0000-7000-8000-00000000f1f0");
    private static final UUID OTHER_TOURIST = UUID.fromString("01a2069b-0000-7000-8000-00000000f2f0");
    private static final UUID FIRST_WRITE = UUID.fromString("01a2069b-0000-7000-8000-000000000001");
    private static final UUID THIRD_WRITE = UUID.fromString("01a2069b-0000-7000-8000-000000000003");
    private static final UUID BAD_EMAIL_WRITE = UUID.fromString("01a2069b-0000-7000-8000-000000000021");
    private static final UUID TOO_OLD_WRITE = UUID.fromString("01a2069b-0000-7000-8000-000000000022");
    private static final UUID GRACE_WRITE = UUID.fromString("01a2069b-0000-7000-8000-000000000023");
    private static final String FIRST = "11d6ee51-4cc7-4302-9e22-7cd8afdaadf5";
    private static final String POISON = "a7f2a1c3-5b1e-4c7e-9d7a-2f3b4c5d6e7f";
    private static final String AFTER_POISON = "c1e2d3f4-a5b6-4c7d-8e9f-0a1b2c3d4e5f";
    private static final List<String> STANDARD_EVENT = List.of(FIRST, POISON, AFTER_POISON);

    /** The events' writes occurred on 2026-11-01 around 10:00; the consumer judges them a few minutes later. */
    private final TestClock clock = new TestClock(Instant.parse("2026-11-01T10:05:00Z"));
    private final InMemoryWriteStore store = new InMemoryWriteStore();
    private final RecordingDeadLetters deadLetters = new RecordingDeadLetters();
    private final RecordingRedeliveries queue = new RecordingRedeliveries();
    private final WriteBatchConsumer consumer = new WriteBatchConsumer(WriteEnvelope.withRules(clock), store,
            deadLetters, queue, Backoff.DEFAULT, WriteRetention.ofDays(20), clock);
    private final ConsumerFunction function = new ConsumerFunction(consumer, InvocationMetrics.off());

    @ParameterizedTest
    @Event(value = "events/sqs-standard-event.json", type = SQSEvent.class)
    void shouldApplyTheValidWritesInOneCall_andParkThePoisonWithItsReason_withAStandardQueue(SQSEvent event) {
        var response = function.handleRequest(event, context());

        assertThat(failedIds(response)).isEmpty();
        assertThat(store.calls()).as("one round trip").hasSize(1);
        assertThat(store.calls().getFirst()).extracting(TouristWrite::writeId).containsExactly(FIRST_WRITE, THIRD_WRITE);
        assertThat(store.current().get(TOURIST).writeId()).isEqualTo(THIRD_WRITE);
        assertThat(deadLetters.parked()).singleElement().satisfies(parked -> {
            assertThat(parked.message().getMessageId()).isEqualTo(POISON);
            assertThat(parked.reason()).isEqualTo(WriteBatchConsumer.INVALID_MESSAGE);
            assertThat(parked.detail()).contains("writeId", "touristId", "occurredAt");
        });
    }

    @ParameterizedTest
    @Event(value = "events/sqs-standard-event.json", type = SQSEvent.class)
    void shouldReportOnlyThePoisonForRetry_whenTheDeadLetterQueueIsUnreachable_withAStandardQueue(SQSEvent event) {
        deadLetters.goDown();

        var result = consumer.consume(event);

        assertThat(failedIds(result.response())).containsExactly(POISON);
        assertThat(result.report()).as("the first write to the tourist is stale: the third is newer").isEqualTo(new BatchReport(3, 1, 0, 1, 0, 1));
    }

    @ParameterizedTest
    @Event(value = "events/sqs-fifo-event.json", type = SQSEvent.class)
    void shouldReportTheFirstFailureAndEveryMessageAfterIt_whenThePoisonCannotBeParked_withSQSFIFO(SQSEvent event) {
        deadLetters.goDown();

        var result = consumer.consume(event);

        assertThat(failedIds(result.response())).containsExactly(POISON, AFTER_POISON);
        assertThat(store.current().get(TOURIST).writeId()).as("applied before the failure was known")
                .isEqualTo(THIRD_WRITE);
        assertThat(result.report()).isEqualTo(new BatchReport(3, 1, 0, 1, 0, 2));
    }

    @ParameterizedTest
    @Event(value = "events/sqs-fifo-event.json", type = SQSEvent.class)
    void shouldReportNothing_whenThePoisonIsParked_withSQSFIFO(SQSEvent event) {
        var response = function.handleRequest(event, context());

        assertThat(failedIds(response)).isEmpty();
        assertThat(deadLetters.parked()).extracting(parked -> parked.message().getMessageId()).containsExactly(POISON);
    }

    @ParameterizedTest
    @Event(value = "events/sqs-duplicates-event.json", type = SQSEvent.class)
    void shouldApplyAWriteIdRepeatedInsideABatchOnce_andKeepTheNewestWritePerTourist(SQSEvent event) {
        var result = consumer.consume(event);

        assertThat(failedIds(result.response())).isEmpty();
        assertThat(result.report()).as("received, applied, duplicates, stale, refused, retried")
                .isEqualTo(new BatchReport(4, 2, 1, 1, 0, 0));
        assertThat(store.calls()).hasSize(1);
        assertThat(store.current().get(TOURIST)).isInstanceOf(TouristWrite.Upsert.class)
                .extracting(TouristWrite::occurredAt).isEqualTo(Instant.parse("2026-11-01T10:00:01Z"));
        assertThat(store.current().get(OTHER_TOURIST)).isInstanceOf(TouristWrite.Delete.class);
    }

    @ParameterizedTest
    @Event(value = "events/sqs-duplicates-event.json", type = SQSEvent.class)
    void shouldChangeNothing_whenTheSameBatchIsDeliveredAgain(SQSEvent event) {
        consumer.consume(event);
        var current = store.current();

        var again = consumer.consume(event);

        assertThat(again.report()).isEqualTo(new BatchReport(4, 0, 4, 0, 0, 0));
        assertThat(store.current()).isEqualTo(current);
    }

    @ParameterizedTest
    @Event(value = "events/sqs-standard-event.json", type = SQSEvent.class)
    void shouldParkOnlyTheWriteTheDatabaseRefuses_findingItByHalvingTheBatch(SQSEvent event) {
        store.refuse(FIRST_WRITE);

        var result = consumer.consume(event);

        assertThat(failedIds(result.response())).isEmpty();
        assertThat(store.current().get(TOURIST).writeId()).isEqualTo(THIRD_WRITE);
        assertThat(store.calls()).as("the batch, each of its halves, then the rejections").hasSize(4);
        assertThat(store.rejections().get(FIRST_WRITE)).satisfies(rejection -> {
            assertThat(rejection.reason()).isEqualTo(WriteBatchConsumer.REJECTED_BY_DATABASE);
            assertThat(rejection.errors()).singleElement().extracting(FieldError::code).isEqualTo("database");
        });
        assertThat(deadLetters.parked()).extracting(parked -> parked.message().getMessageId(), Refusal::reason)
                .containsExactlyInAnyOrder(
                        org.assertj.core.groups.Tuple.tuple(POISON, WriteBatchConsumer.INVALID_MESSAGE),
                        org.assertj.core.groups.Tuple.tuple(FIRST, WriteBatchConsumer.REJECTED_BY_DATABASE));
        assertThat(result.report()).isEqualTo(new BatchReport(3, 1, 0, 0, 2, 0));
    }

    @ParameterizedTest
    @Event(value = "events/sqs-rejections-event.json", type = SQSEvent.class)
    void shouldRecordEachRefusedWriteWhoseIdsCanBeRead_inTheBatchsOneCall(SQSEvent event) {
        var result = consumer.consume(event);

        assertThat(failedIds(result.response())).isEmpty();
        assertThat(store.calls()).as("one round trip, the rejections included").singleElement()
                .satisfies(writes -> assertThat(writes).extracting(TouristWrite::writeId).containsExactly(GRACE_WRITE));
        assertThat(store.rejections()).containsOnlyKeys(BAD_EMAIL_WRITE, TOO_OLD_WRITE);
        assertThat(store.rejections().get(BAD_EMAIL_WRITE)).satisfies(rejection -> {
            assertThat(rejection.touristId()).isEqualTo(TOURIST);
            assertThat(rejection.reason()).isEqualTo(WriteBatchConsumer.INVALID_MESSAGE);
            assertThat(rejection.errors()).extracting(FieldError::field).containsExactly("tourist.email");
        });
        assertThat(store.rejections().get(TOO_OLD_WRITE)).satisfies(rejection -> {
            assertThat(rejection.reason()).isEqualTo(WriteBatchConsumer.TOO_OLD);
            assertThat(rejection.occurredAt()).contains(Instant.parse("2026-10-01T10:00:00Z"));
        });
        assertThat(deadLetters.parked()).extracting(Refusal::reason).containsExactly(WriteBatchConsumer.INVALID_MESSAGE,
                WriteBatchConsumer.TOO_OLD, WriteBatchConsumer.INVALID_MESSAGE);
        assertThat(result.report()).isEqualTo(new BatchReport(4, 1, 0, 0, 3, 0));
    }

    @ParameterizedTest
    @Event(value = "events/sqs-rejections-event.json", type = SQSEvent.class)
    void shouldParkAWriteOlderThanTheRetentionWindow_andApplyNothingOfIt(SQSEvent event) {
        consumer.consume(event);

        assertThat(store.current()).as("the too-old write was to the first tourist").doesNotContainKey(TOURIST);
        assertThat(deadLetters.parked()).filteredOn(parked -> parked.reason().equals(WriteBatchConsumer.TOO_OLD))
                .singleElement().extracting(Refusal::detail).asString().contains("occurredAt", "20-day");
    }

    @ParameterizedTest
    @Event(value = "events/sqs-standard-event.json", type = SQSEvent.class)
    void shouldSendTheWholeBatchBackForTwoSeconds_failTheInvocation_andParkNothing_whenTheDatabaseIsDown(
            SQSEvent event) {
        store.goDown();

        assertThatThrownBy(() -> function.handleRequest(event, context()))
                .isInstanceOf(StoreException.Unavailable.class);
        assertThat(queue.sentBack()).as("first receive: back in 2 s, not after the visibility timeout")
                .containsOnlyKeys(STANDARD_EVENT).allSatisfy((id, delay) -> assertThat(delay).hasSeconds(2));
        assertThat(deadLetters.parked()).as("a poison message is parked once the batch can be judged").isEmpty();
    }

    @ParameterizedTest
    @Event(value = "events/sqs-standard-event.json", type = SQSEvent.class)
    void shouldSendEachMessageBackForItsOwnBackoffStep_byItsReceiveCount(SQSEvent event) {
        store.goDown();
        event.getRecords().get(0).getAttributes().put("ApproximateReceiveCount", "3");
        event.getRecords().get(1).getAttributes().put("ApproximateReceiveCount", "20");

        assertThatThrownBy(() -> consumer.consume(event)).isInstanceOf(StoreException.Unavailable.class);

        assertThat(queue.sentBack()).containsExactlyInAnyOrderEntriesOf(java.util.Map.of(
                FIRST, Duration.ofSeconds(8), POISON, Duration.ofSeconds(60), AFTER_POISON, Duration.ofSeconds(2)));
    }

    @ParameterizedTest
    @Event(value = "events/sqs-standard-event.json", type = SQSEvent.class)
    void shouldSendBatchesBackUntried_forASecondAfterTheDatabaseFailed_thenTryItAgain(SQSEvent event) {
        store.goDown();
        assertThatThrownBy(() -> consumer.consume(event)).isInstanceOf(StoreException.Unavailable.class);
        store.comeBack();

        clock.advance(Duration.ofMillis(900));
        assertThatThrownBy(() -> consumer.consume(event)).as("skipped").isInstanceOf(StoreException.Unavailable.class);
        assertThat(store.calls()).as("the database was not tried again").hasSize(1);
        assertThat(queue.calls()).isEqualTo(2);

        clock.advance(Duration.ofMillis(100));
        var result = consumer.consume(event);

        assertThat(failedIds(result.response())).isEmpty();
        assertThat(store.calls()).hasSize(2);
        assertThat(store.current().get(TOURIST).writeId()).isEqualTo(THIRD_WRITE);
    }

    @ParameterizedTest
    @Event(value = "events/sqs-standard-event.json", type = SQSEvent.class)
    void shouldTryTheDatabaseEveryTime_whileItAnswers_evenWhenItRefusesData(SQSEvent event) {
        store.refuse(FIRST_WRITE);
        consumer.consume(event);
        var calls = store.calls().size();

        consumer.consume(event);

        assertThat(store.calls()).hasSizeGreaterThan(calls);
        assertThat(queue.calls()).isZero();
    }

    /** A clock a test moves by hand. */
    private static final class TestClock extends Clock {
        private Instant now;

        TestClock(Instant now) {
            this.now = now;
        }

        void advance(Duration duration) {
            now = now.plus(duration);
        }

        @Override
        public Instant instant() {
            return now;
        }

        @Override
        public ZoneOffset getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return Clock.fixed(now, zone);
        }
    }

    private static List<String> failedIds(SQSBatchResponse response) {
        return response.getBatchItemFailures().stream().map(SQSBatchResponse.BatchItemFailure::getItemIdentifier).toList();
    }

    private static LocalContext context() {
        return new LocalContext("consumer", 1024, Duration.ofSeconds(30));
    }
}
