package io.tourists.sync;

import io.tourists.sync.RowWrites.RowWrite;
import io.tourists.testing.Tourists;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** The senders against an in-memory queue that fails the way SQS can: per entry, per call, or for good. */
class BatchSenderTest {

    static final BatchSender.Settings QUICK = new BatchSender.Settings(4, Optional.empty(), 8, Duration.ofMillis(1),
            Duration.ofMillis(5));

    static List<RowWrite> rows(int count) {
        var rows = new ArrayList<RowWrite>();
        for (int i = 0; i < count; i++) {
            var write = Tourists.upsert(UUID.randomUUID(), Instant.parse("2026-11-29T11:00:00Z"), Tourists.ada());
            rows.add(new RowWrite(i + 2, write, "body of line " + (i + 2), ""));
        }
        return rows;
    }

    /** Stores what it is given, counting each entry's stores; fails what the test tells it to, the first time. */
    static final class FlakyQueue implements BatchChannel {
        final Map<String, AtomicInteger> stored = new ConcurrentHashMap<>();
        final Set<String> failOnceEach = ConcurrentHashMap.newKeySet();
        final Set<String> refuse = ConcurrentHashMap.newKeySet();
        final AtomicInteger calls = new AtomicInteger();
        volatile int failWholeCalls;

        @Override
        public Result send(List<Entry> entries) {
            assertThat(entries).hasSizeBetween(1, MAX_ENTRIES);
            int call = calls.incrementAndGet();
            synchronized (this) {
                if (failWholeCalls > 0) {
                    failWholeCalls--;
                    throw new BatchFailedException("call " + call + " timed out", null);
                }
            }
            var retry = new java.util.HashSet<String>();
            var refused = new java.util.HashMap<String, String>();
            for (var entry : entries) {
                if (refuse.contains(entry.id())) {
                    refused.put(entry.id(), "InvalidParameterValue: too big");
                } else if (failOnceEach.remove(entry.id())) {
                    retry.add(entry.id());
                } else {
                    stored.computeIfAbsent(entry.body(), body -> new AtomicInteger()).incrementAndGet();
                }
            }
            return new Result(retry, refused);
        }
    }

    @Test
    void entriesTheQueueDidNotTake_andWholeCallsThatFailed_areSentAgain_untilEachIsStoredOnce() {
        var queue = new FlakyQueue();
        queue.failOnceEach.addAll(List.of("line-2", "line-15", "line-16", "line-99"));
        queue.failWholeCalls = 3;
        queue.refuse.add("line-40");
        var counted = new AtomicLong();

        var report = new BatchSender(queue, QUICK).send(rows(100), counted::addAndGet);

        assertThat(queue.stored).hasSize(99).allSatisfy((body, times) -> assertThat(times.get()).as(body).isEqualTo(1));
        assertThat(queue.stored).doesNotContainKey("body of line 40");
        assertThat(report.sent()).isEqualTo(99).isEqualTo(counted.get());
        assertThat(report.refused()).isEqualTo(Map.of(40, "InvalidParameterValue: too big"));
        assertThat(report.unsent()).isZero();
    }

    @Test
    void aQueueThatNeverTakesAnything_isGivenUpOn_andEveryRowIsCountedAsUnsent() {
        var queue = new FlakyQueue();
        queue.failWholeCalls = Integer.MAX_VALUE;

        var report = new BatchSender(queue, QUICK).send(rows(200), sent -> { });

        assertThat(report.sent()).isZero();
        assertThat(report.unsent()).isEqualTo(200);
        assertThat(report.lastFailure()).get().asString().endsWith("timed out");
        assertThat(queue.calls.get()).as("each sender stops after its attempts").isLessThanOrEqualTo(4 * 8);
    }
}
