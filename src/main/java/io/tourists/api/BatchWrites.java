package io.tourists.api;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import io.tourists.api.BatchItems.Action;
import io.tourists.api.BatchItems.Item;
import io.tourists.domain.FieldError;
import io.tourists.domain.Ids;
import io.tourists.domain.TouristWrite;
import io.tourists.http.HttpResponses;
import io.tourists.http.Problem;
import io.tourists.http.Routes;
import io.tourists.json.TouristJson;
import io.tourists.queue.Delivery;
import io.tourists.queue.SendResult;
import io.tourists.queue.WriteEnvelope;
import io.tourists.queue.WriteQueue;
import java.time.Clock;
import java.time.Duration;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import static io.tourists.config.LogFields.entry;

/**
 * {@code POST /tourists/batch}: up to {@value BatchItems#MAX_ITEMS} creates, replaces and deletes in one request.
 * Each item is checked on its own; the valid ones go to the queue with SendMessageBatch; the answer gives each
 * item's result ({@link BatchResults}):
 *
 * <ul>
 *   <li>202: every item is on the queue;</li>
 *   <li>207: some are, some are not (invalid, not sent, or unknown): read each result;</li>
 *   <li>400: no item is valid, two valid items name the same tourist, or the body is not a batch: nothing was
 *   enqueued;</li>
 *   <li>413: more than {@value BatchItems#MAX_ITEMS} items, or a body over {@value #MAX_BODY_BYTES} bytes;</li>
 *   <li>503: valid items, none of them confirmed by the queue: the body still gives each item's result.</li>
 * </ul>
 *
 * Items of one batch are stamped one microsecond apart in their order. A batch may not name one tourist twice:
 * a retry stamps its items anew, so an item resent alone (or under the same key, beside a duplicate of an item
 * already applied) would be stamped after a later item of the first try and undo it, e.g. a replace that was not
 * sent, resent after the delete that followed it was applied. The API keeps no store to find the first stamps.
 *
 * <p>The whole request, the id key's first read included, has {@link #SEND_BUDGET} to send: what is left when the
 * key is read is what the queue gets, so a slow read leaves items not sent rather than an answer too late.
 */
final class BatchWrites {

    /** A hundred tourists at their largest, with room to spare; well under what Lambda takes (6 MB). */
    static final int MAX_BODY_BYTES = 1024 * 1024;
    /** From the start of the request to the last SQS call: room for a retried call or two within the 10 s timeout. */
    static final Duration SEND_BUDGET = Duration.ofSeconds(6);

    private static final Logger LOG = LoggerFactory.getLogger(BatchWrites.class);

    private final WriteQueue queue;
    private final TouristJson touristJson;
    private final IdKey idKey;
    private final Clock clock;
    private final Duration budget;

    BatchWrites(WriteQueue queue, TouristJson touristJson, IdKey idKey, Clock clock, Duration budget) {
        this.queue = queue;
        this.touristJson = touristJson;
        this.idKey = idKey;
        this.clock = clock;
        this.budget = budget;
    }

    APIGatewayV2HTTPResponse handle(APIGatewayV2HTTPEvent event, String correlationId, WriteTally tally) {
        long started = System.nanoTime();
        Optional<String> key;
        switch (Callers.idempotencyKey(event)) {
            case Callers.Key.Refused refused -> {
                return refused.response();
            }
            case Callers.Key.Given given -> key = given.key();
        }
        List<Item> items;
        switch (JsonBodies.read(event, MAX_BODY_BYTES, "batch")) {
            case JsonBodies.Read.Refused refused -> {
                return refused.response();
            }
            case JsonBodies.Read.Parsed parsed -> {
                switch (BatchItems.read(parsed.json(), touristJson)) {
                    case BatchItems.Read.NotABatch notABatch -> {
                        return HttpResponses.problem(new Problem(Problem.VALIDATION, "Bad Request", 400,
                                "the body is not a batch of writes; nothing was enqueued", notABatch.errors()));
                    }
                    case BatchItems.Read.TooMany tooMany -> {
                        return HttpResponses.problem(Problem.of(413, "Content Too Large", "a batch holds at most "
                                + BatchItems.MAX_ITEMS + " writes, this one " + tooMany.items()));
                    }
                    case BatchItems.Read.Items read -> items = read.items();
                }
            }
        }
        if (items.stream().noneMatch(Item.Valid.class::isInstance)) {
            tally.count(0, items.size(), 0);
            return HttpResponses.problem(new Problem(Problem.VALIDATION, "Bad Request", 400,
                    "no write in the batch is valid; nothing was enqueued", allErrors(items)));
        }
        var twice = BatchItems.sameTouristTwice(items);
        if (!twice.isEmpty()) {
            tally.count(0, items.size(), 0);
            return HttpResponses.problem(new Problem(Problem.VALIDATION, "Bad Request", 400,
                    "a batch may name each tourist once: a retry could not keep two writes to one tourist in order;"
                            + " nothing was enqueued", twice));
        }
        List<TouristWrite> writes;
        try {
            writes = writes(items, key, event);
        } catch (IdKey.Unavailable e) {
            LOG.error("batch not accepted: the id key could not be read", e);
            return answer(items, null, notTried(items, "the service cannot derive ids now"), true, tally);
        }
        // What the id key's read left of the budget; the queue tries nothing once it is spent.
        var left = budget.minusNanos(System.nanoTime() - started);
        var sent = queue.sendAll(writes.stream().filter(Objects::nonNull).toList(), correlationId, left);
        return answer(items, writes, sent, key.isPresent(), tally);
    }

    /** Every valid item not sent, for this reason: none was tried. */
    private static List<SendResult> notTried(List<Item> items, String reason) {
        return items.stream().filter(Item.Valid.class::isInstance)
                .map(item -> (SendResult) new SendResult.Failed(Delivery.NOT_SENT, reason)).toList();
    }

    /** Each valid item's write, at the item's place; null for an invalid item. */
    private List<TouristWrite> writes(List<Item> items, Optional<String> key, APIGatewayV2HTTPEvent event) {
        var stamp = WriteEnvelope.stamp(clock);
        var scope = key.map(k -> Callers.principal(event) + "\nPOST " + Routes.BATCH + "\n" + k + "\n");
        var writes = new ArrayList<TouristWrite>(items.size());
        for (int i = 0; i < items.size(); i++) {
            if (!(items.get(i) instanceof Item.Valid item)) {
                writes.add(null);
                continue;
            }
            // With a key, the ids come from (caller, route, key, the item's index): a retried batch gets the same ids.
            var index = i;
            var itemScope = scope.map(s -> s + index);
            var writeId = itemScope.map(s -> idKey.derive("write\n" + s)).orElseGet(() -> Ids.newId(clock));
            var touristId = item.touristId().orElseGet(() -> itemScope
                    .map(s -> idKey.derive("tourist\n" + s)).orElseGet(() -> Ids.newId(clock)));
            var occurredAt = stamp.plus(i, ChronoUnit.MICROS);
            writes.add(item.action() == Action.DELETE
                    ? new TouristWrite.Delete(writeId, touristId, occurredAt)
                    : new TouristWrite.Upsert(writeId, touristId, occurredAt, item.tourist().orElseThrow()));
        }
        return writes;
    }

    /** @param writes each item's write, or null when none could be made (the id key was not read) */
    private APIGatewayV2HTTPResponse answer(List<Item> items, List<TouristWrite> writes, List<SendResult> sent,
                                            boolean keyed, WriteTally tally) {
        var results = new ArrayList<BatchResults.ItemResult>(items.size());
        int next = 0;
        int accepted = 0;
        int notSent = 0;
        int unknown = 0;
        int invalid = 0;
        for (int i = 0; i < items.size(); i++) {
            if (items.get(i) instanceof Item.Invalid refused) {
                results.add(new BatchResults.Invalid(i, refused.errors()));
                invalid++;
                continue;
            }
            var write = writes == null ? null : writes.get(i);
            switch (sent.get(next++)) {
                case SendResult.Stored stored -> {
                    var statusUrl = Routes.writeStatus(write.touristId(), write.writeId());
                    results.add(new BatchResults.Accepted(i, write.touristId(), write.writeId(), statusUrl));
                    accepted++;
                }
                case SendResult.Failed failed when failed.delivery() == Delivery.NOT_SENT -> {
                    results.add(new BatchResults.NotSent(i, "not sent: nothing will be applied. Send it again"
                            + (keyed ? ", in the same batch with the same Idempotency-Key" : "")));
                    notSent++;
                }
                case SendResult.Failed failed -> {
                    var statusUrl = Routes.writeStatus(write.touristId(), write.writeId());
                    results.add(new BatchResults.Unknown(i, write.touristId(), write.writeId(), statusUrl,
                            "the queue did not confirm it and may have taken it. " + advice(items.get(i), keyed)));
                    unknown++;
                }
            }
        }
        LOG.info("batch answered", entry("accepted", accepted), entry("invalid", invalid),
                entry("notSent", notSent), entry("unknown", unknown));
        tally.count(accepted, invalid, notSent + unknown);
        if (accepted == items.size()) {
            return HttpResponses.json(202, new BatchResults.Body(results), Map.of());
        }
        if (accepted > 0) {
            return HttpResponses.json(207, new BatchResults.Body(results), Map.of());
        }
        LOG.error("batch not accepted: the queue confirmed none of its writes", entry("notSent", notSent),
                entry("unknown", unknown), entry("reason", firstReason(sent)));
        return HttpResponses.problemWithMembers(503, new BatchResults.Unavailable(
                unknown > 0 ? Problem.OUTCOME_UNKNOWN : Problem.UNAVAILABLE, "Service Unavailable", 503,
                (writes == null ? "the service cannot derive ids now, so no write was sent"
                        : "the queue confirmed none of the batch's writes")
                        + (unknown > 0 ? "; some may have been taken" : "") + ": see each result",
                List.of(), results), HttpResponses.RETRY_AFTER);
    }

    /** What a client can do about an unknown item without applying it twice. */
    private static String advice(Item item, boolean keyed) {
        if (keyed) {
            return "Send the same batch again with the same Idempotency-Key: each write is applied once.";
        }
        var action = ((Item.Valid) item).action();
        return "Read statusUrl to see whether it was applied, or " + switch (action) {
            case CREATE -> "send the same tourist again as a replace of touristId, which is safe to repeat;"
                    + " a second create would make a second tourist.";
            case REPLACE -> "send the same replace again: it is safe to repeat.";
            case DELETE -> "send the same delete again: it is safe to repeat.";
        };
    }

    /** Every item's errors, named from the body's root: {@code writes[2].tourist.email}. */
    private static List<FieldError> allErrors(List<Item> items) {
        var errors = new ArrayList<FieldError>();
        for (int i = 0; i < items.size(); i++) {
            var prefix = BatchItems.WRITES + "[" + i + "]";
            if (items.get(i) instanceof Item.Invalid invalid) {
                invalid.errors().forEach(error -> errors.add(error.field().equals("$")
                        ? new FieldError(prefix, error.code(), error.message()) : error.withPrefix(prefix)));
            }
        }
        return errors;
    }

    private static String firstReason(List<SendResult> sent) {
        return sent.stream().filter(SendResult.Failed.class::isInstance).map(r -> ((SendResult.Failed) r).reason())
                .findFirst().orElse("");
    }
}
