package io.tourists.consumer;

import com.amazonaws.services.lambda.runtime.events.SQSBatchResponse;
import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import com.amazonaws.services.lambda.runtime.events.SQSEvent.SQSMessage;
import io.tourists.consumer.Bisection.Failure;
import io.tourists.db.DbSettings.ServerTimeouts;
import io.tourists.db.StoreException;
import io.tourists.db.TouristStore;
import io.tourists.db.WriteOutcome;
import io.tourists.db.WriteRejection;
import io.tourists.db.WriteStore;
import io.tourists.domain.FieldError;
import io.tourists.domain.TouristWrite;
import io.tourists.domain.Validation;
import io.tourists.domain.WriteRetention;
import io.tourists.queue.DeadLetterQueue;
import io.tourists.queue.DeadLetters;
import io.tourists.queue.DeadLetters.Refusal;
import io.tourists.queue.Redeliveries;
import io.tourists.queue.SourceQueue;
import io.tourists.queue.WriteEnvelope;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;
import java.util.function.Supplier;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.services.sqs.SqsClient;

import static io.tourists.config.LogFields.entry;

/**
 * Drains one SQS batch into PostgreSQL and says which messages must come back.
 *
 * <ol>
 *   <li>Decode every message with the same rules as the API: the queue is shared, nothing is trusted.
 *       Refuse a write older than the retention window ({@code too-old}): its records may have been pruned,
 *       so applying it could repeat it or bring a deleted tourist back.</li>
 *   <li>Apply every valid write, and record every refusal whose writeId and touristId can be read, in one
 *       statement ({@link TouristStore#apply}): one round trip per batch. If PostgreSQL refuses the data of
 *       some writes, find them by halving the batch ({@link Bisection}); a lone write is tried alone before it is
 *       blamed. If the statement times out on a large batch, halve it too, within {@link #TIMEOUT_SPLITS}: the
 *       writes that fit are applied, the rest go back to the queue with their backoff.</li>
 *   <li>If the database is unavailable, or failed moments ago, send the whole batch back with its backoff
 *       ({@link DatabaseOutage}) and throw. Lambda does not back off its pollers for us when invocations fail
 *       with ReportBatchItemFailures on: the consumer sets each message's next try itself.
 *       https://docs.aws.amazon.com/lambda/latest/dg/services-sqs-errorhandling.html</li>
 *   <li>Park messages that can never apply on the dead-letter queue with the reason, instead of letting
 *       them be retried until maxReceiveCount. A message that cannot be parked is retried.</li>
 *   <li>Answer a partial batch response. On a FIFO queue, the first failure and every message after it,
 *       as Lambda requires to keep each group in order; those already applied will come back as
 *       duplicates and change nothing.</li>
 * </ol>
 */
public final class WriteBatchConsumer {

    public static final String INVALID_MESSAGE = "invalid-message";
    public static final String REJECTED_BY_DATABASE = "rejected-by-database";
    public static final String TOO_OLD = "too-old";

    private static final Logger LOG = LoggerFactory.getLogger(WriteBatchConsumer.class);

    private final WriteEnvelope envelope;
    private final WriteStore store;
    private final DeadLetters deadLetters;
    private final DatabaseOutage outage;
    private final WriteRetention retention;
    private final Clock clock;

    /**
     * @param redeliveries where a batch goes back when the database is unavailable, after {@code backoff}; a
     *                     {@link DatabaseCircuit} on {@code clock} remembers the outage for this consumer
     */
    public WriteBatchConsumer(WriteEnvelope envelope, WriteStore store, DeadLetters deadLetters,
                              Redeliveries redeliveries, Backoff backoff, WriteRetention retention, Clock clock) {
        this.envelope = envelope;
        this.store = store;
        this.deadLetters = deadLetters;
        this.outage = new DatabaseOutage(backoff, new DatabaseCircuit(clock), redeliveries);
        this.retention = retention;
        this.clock = clock;
    }

    /** Where a consumer's batches come from, and where it parks what can never apply. */
    public record Queues(String writeQueueUrl, String deadLetterQueueUrl) {}

    /**
     * The consumer as every function environment assembles it: the project's rules, one store, the write
     * queue to send batches back to, one DLQ.
     */
    public static WriteBatchConsumer of(DataSource database, SqsClient sqs, Queues queues, Backoff backoff,
                                        WriteRetention retention, Clock clock) {
        return of(database, () -> sqs, queues, backoff, retention, clock);
    }

    /** The same with the SQS client asked for at its first call (parking, or sending a batch back). */
    public static WriteBatchConsumer of(DataSource database, Supplier<SqsClient> sqs, Queues queues, Backoff backoff,
                                        WriteRetention retention, Clock clock) {
        return new WriteBatchConsumer(WriteEnvelope.withRules(clock), new TouristStore(database),
                new DeadLetterQueue(sqs, queues.deadLetterQueueUrl(), clock),
                new SourceQueue(sqs, queues.writeQueueUrl()), backoff, retention, clock);
    }

    /** The same with the default backoff and retention window ({@value WriteRetention#DEFAULT_DAYS} days). */
    public static WriteBatchConsumer of(DataSource database, SqsClient sqs, Queues queues, Clock clock) {
        return of(database, sqs, queues, Backoff.DEFAULT, WriteRetention.ofDays(WriteRetention.DEFAULT_DAYS), clock);
    }

    /** The response and what it stands for. */
    public record Result(SQSBatchResponse response, BatchReport report) {}

    private record Accepted(SQSMessage message, TouristWrite write) {}

    /** Each applied write's outcome, and the messages sent back untried after statement timeouts. */
    private record Applied(Map<UUID, WriteOutcome> outcomes, List<SQSMessage> sentBack) {}

    /**
     * After a statement timeout, a batch of at least 10 writes is halved, and halved again, until at most 3
     * statements have timed out in the invocation (the first included): with PostgreSQL's 5 s statement_timeout
     * an overloaded database costs an invocation 15 s at most, not one statement per half.
     */
    static final Bisection.Limits TIMEOUT_SPLITS = new Bisection.Limits(3, 10);

    /** Consumes with a day's time: statement timeouts are split as far as {@link #TIMEOUT_SPLITS} allows. */
    public Result consume(SQSEvent event) {
        return consume(event, Duration.ofDays(1));
    }

    /**
     * @param timeLeft the invocation's remaining time (Lambda's): after a statement timeout, no further statement
     *                 is started unless it would fail before the invocation ends
     */
    public Result consume(SQSEvent event, Duration timeLeft) {
        var deadline = clock.instant().plus(timeLeft);
        List<SQSMessage> messages = Optional.ofNullable(event.getRecords()).orElse(List.of());
        var accepted = new ArrayList<Accepted>();
        var refusals = new ArrayList<Refusal>();
        var rejections = new ArrayList<WriteRejection>();
        var now = clock.instant();
        for (var message : messages) {
            switch (envelope.decode(message.getBody())) {
                case Validation.Valid<TouristWrite> valid when retention.isTooOld(valid.value().occurredAt(), now) -> {
                    var errors = List.of(new FieldError("occurredAt", TOO_OLD, "is older than the "
                            + retention.days() + "-day retention window: the write can no longer be applied safely"));
                    refusals.add(new Refusal(message, TOO_OLD, describe(errors)));
                    rejections.add(Rejections.of(valid.value(), TOO_OLD, errors));
                }
                case Validation.Valid<TouristWrite> valid -> accepted.add(new Accepted(message, valid.value()));
                case Validation.Invalid<TouristWrite> invalid -> {
                    refusals.add(new Refusal(message, INVALID_MESSAGE, describe(invalid.errors())));
                    Rejections.ofInvalid(message.getBody(), invalid.errors(), now).ifPresent(rejections::add);
                }
            }
        }

        var applied = applyOrSendBack(messages, accepted, refusals, rejections, deadline);
        var notParked = deadLetters.park(refusals);
        var retried = new HashSet<>(notParked);
        applied.sentBack().forEach(message -> retried.add(message.getMessageId()));
        var failedIds = failures(messages, retried);

        var messageOutcomes = perMessage(accepted, applied.outcomes());
        for (int i = 0; i < accepted.size(); i++) {
            MessageLog.outcome(accepted.get(i).message(), accepted.get(i).write(), messageOutcomes.get(i));
        }
        refusals.forEach(r -> MessageLog.refusal(r, notParked.contains(r.message().getMessageId())));
        var report = report(messages.size(), messageOutcomes, refusals.size() - notParked.size(), failedIds.size());
        if (LOG.isInfoEnabled()) {
            LOG.info("batch done", entry("batch", report));
        }
        var response = new SQSBatchResponse(failedIds.stream().map(SQSBatchResponse.BatchItemFailure::new).toList());
        return new Result(response, report);
    }

    /**
     * Applies the batch, or sends it all back and throws when the database cannot be used. A batch that needs
     * no database (nothing to apply or record) is judged even while the database is skipped.
     */
    private Applied applyOrSendBack(List<SQSMessage> messages, List<Accepted> accepted, List<Refusal> refusals,
                                    List<WriteRejection> rejections, Instant deadline) {
        if (accepted.isEmpty() && rejections.isEmpty()) {
            return new Applied(Map.of(), List.of());
        }
        if (!outage.allowsAttempt()) {
            throw outage.skipped(messages);
        }
        try {
            var applied = apply(accepted, refusals, rejections, deadline);
            outage.databaseAnswered();
            return applied;
        } catch (StoreException.Unavailable e) {
            throw outage.failed(messages, e);
        }
    }

    /**
     * Applies the batch and records its rejections in one statement. If the database refuses the data itself
     * (SQLSTATE class 22 or 23: a rule it knows and we do not), or the statement times out on a batch large
     * enough to be slow for its size, the batch is halved ({@link #split}).
     */
    private Applied apply(List<Accepted> accepted, List<Refusal> refusals, List<WriteRejection> rejections,
                          Instant deadline) {
        try {
            return new Applied(store.apply(accepted.stream().map(Accepted::write).toList(), rejections), List.of());
        } catch (StoreException.Rejected batchRejected) {
            return split(accepted, distinct(accepted), refusals, rejections, batchRejected, Failure.REFUSED, deadline);
        } catch (StoreException.StatementTimeout timedOut) {
            var distinct = distinct(accepted);
            if (!TIMEOUT_SPLITS.splitsTimeoutOf(distinct.size())) {
                throw timedOut;
            }
            return split(accepted, distinct, refusals, rejections, timedOut, Failure.TIMED_OUT, deadline);
        }
    }

    /**
     * Finds the refused writes by halving the batch (without its rejections, which may be what was refused), and
     * applies the rest; then records every rejection in one more statement. After a statement timeout the halves
     * are split within {@link #TIMEOUT_SPLITS} and while the invocation has time for another statement; the
     * writes still untried go back to the queue with their backoff. If none of them could be applied, the
     * timeout is an outage like any other.
     */
    private Applied split(List<Accepted> accepted, List<TouristWrite> distinct, List<Refusal> refusals,
                          List<WriteRejection> rejections, StoreException failure, Failure first, Instant deadline) {
        var found = Bisection.afterFailure(distinct, first, writes -> store.apply(writes, List.of()),
                WriteBatchConsumer::classify, TIMEOUT_SPLITS,
                () -> clock.instant().plus(ServerTimeouts.FUNCTION.socketTimeout()).isBefore(deadline));
        if (failure instanceof StoreException.StatementTimeout timedOut && found.accepted().isEmpty()
                && found.refused().isEmpty()) {
            throw timedOut;
        }
        LOG.warn("the database refused or timed out on the batch; split it",
                entry("writes", distinct.size()), entry("refused", found.refused().size()),
                entry("untried", found.untried().size()), entry("statements", found.calls() + 1), failure);
        var refused = new HashMap<UUID, StoreException>();
        for (var one : found.refused()) {
            var rejected = (StoreException.Rejected) one.refusal();
            refused.put(one.item().writeId(), rejected);
            rejections.add(Rejections.of(one.item(), REJECTED_BY_DATABASE, List.of(new FieldError("$",
                    "database", "PostgreSQL refused the write" + rejected.sqlState().map(s -> " (SQLSTATE " + s + ")")
                    .orElse("")))));
        }
        var untriedIds = found.untried().stream().map(TouristWrite::writeId).collect(Collectors.toSet());
        var sentBack = new ArrayList<SQSMessage>();
        accepted.removeIf(one -> {
            var refusal = refused.get(one.write().writeId());
            if (refusal != null) {
                refusals.add(new Refusal(one.message(), REJECTED_BY_DATABASE, refusal.getMessage()));
            }
            if (untriedIds.contains(one.write().writeId())) {
                sentBack.add(one.message());
            }
            return refusal != null || untriedIds.contains(one.write().writeId());
        });
        if (!sentBack.isEmpty()) {
            outage.sendBackUntried(sentBack, failure);
        }
        record(rejections);
        var outcomes = new HashMap<UUID, WriteOutcome>();
        found.results().forEach(outcomes::putAll);
        return new Applied(outcomes, sentBack);
    }

    /** A writeId repeated in the batch is tried once, with its first copy (perMessage counts the rest). */
    private static List<TouristWrite> distinct(List<Accepted> accepted) {
        var distinct = new LinkedHashMap<UUID, TouristWrite>();
        accepted.forEach(one -> distinct.putIfAbsent(one.write().writeId(), one.write()));
        return List.copyOf(distinct.values());
    }

    private static Failure classify(RuntimeException e) {
        return switch (e) {
            case StoreException.Rejected rejected -> Failure.REFUSED;
            case StoreException.StatementTimeout timedOut -> Failure.TIMED_OUT;
            default -> Failure.OTHER;
        };
    }

    /** Recording is for the write's status only: if the database refuses it too, the message is still parked. */
    private void record(List<WriteRejection> rejections) {
        try {
            store.record(rejections);
        } catch (StoreException.Rejected e) {
            LOG.warn("the database refused to record the batch's rejections; they are parked unrecorded", e);
        }
    }

    private static List<String> failures(List<SQSMessage> messages, Set<String> retried) {
        var fifo = !messages.isEmpty() && messages.getFirst().getEventSourceArn() != null
                && messages.getFirst().getEventSourceArn().endsWith(".fifo");
        var failed = new ArrayList<String>();
        for (var message : messages) {
            if (retried.contains(message.getMessageId()) || (fifo && !failed.isEmpty())) {
                failed.add(message.getMessageId());
            }
        }
        return failed;
    }

    /**
     * The outcome of each accepted message, in order. A writeId repeated inside one batch is applied once:
     * its first copy gets the database's outcome, the others are duplicates.
     */
    private static List<WriteOutcome> perMessage(List<Accepted> accepted, Map<UUID, WriteOutcome> outcomes) {
        var seen = new HashSet<UUID>();
        return accepted.stream()
                .map(a -> seen.add(a.write().writeId()) ? outcomes.get(a.write().writeId()) : WriteOutcome.DUPLICATE)
                .toList();
    }

    private static BatchReport report(int received, List<WriteOutcome> outcomes, int refused, int retried) {
        var counts = outcomes.stream().collect(Collectors.groupingBy(outcome -> outcome, Collectors.counting()));
        return new BatchReport(received,
                counts.getOrDefault(WriteOutcome.APPLIED, 0L).intValue(),
                counts.getOrDefault(WriteOutcome.DUPLICATE, 0L).intValue(),
                counts.getOrDefault(WriteOutcome.STALE, 0L).intValue(),
                refused, retried, counts.getOrDefault(WriteOutcome.CONFLICT, 0L).intValue());
    }

    private static String describe(List<FieldError> errors) {
        return errors.stream()
                .map(error -> error.field() + ": " + error.message())
                .collect(Collectors.joining("; "));
    }
}
