package io.tourists.sync;

import io.tourists.queue.WriteEnvelope;
import io.tourists.sync.RowWrites.RowWrite;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.LongConsumer;

/**
 * Sends writes in batches of 10 through parallel senders, as fast as the channel takes them (or at most
 * {@code rate} a second). An entry the queue did not take is sent again, with a growing pause, until it is
 * stored or {@code maxAttempts} is reached; nothing is dropped without being counted. An entry the queue refuses
 * as the sender's fault is reported with SQS's reason. Once a batch has used up its attempts, the other senders
 * stop too: the queue is not taking writes, and a re-run of the import resumes safely.
 */
public final class BatchSender {

    /**
     * @param senders     batches in flight at once
     * @param rate        at most this many rows a second; empty for as fast as the queue takes them
     * @param maxAttempts sends of one entry before the import gives up
     */
    public record Settings(int senders, Optional<Integer> rate, int maxAttempts, Duration firstPause, Duration maxPause) {

        public static Settings of(int senders, Optional<Integer> rate) {
            return new Settings(senders, rate, 8, Duration.ofMillis(100), Duration.ofSeconds(5));
        }
    }

    /**
     * What the senders did.
     *
     * @param sent        entries the queue stored
     * @param refused     entries the queue refused as the sender's fault, by line, with SQS's reason
     * @param unsent      entries never stored because the import gave up or was stopped
     * @param lastFailure why the last failed call failed, if one did
     */
    public record Report(long sent, Map<Integer, String> refused, long unsent, Optional<String> lastFailure, Duration elapsed) {}

    private final BatchChannel channel;
    private final Settings settings;

    public BatchSender(BatchChannel channel, Settings settings) {
        this.channel = channel;
        this.settings = settings;
    }

    public Report send(List<RowWrite> writes, LongConsumer onStored) {
        var batches = new ArrayList<List<BatchChannel.Entry>>();
        for (int start = 0; start < writes.size(); start += BatchChannel.MAX_ENTRIES) {
            batches.add(writes.subList(start, Math.min(start + BatchChannel.MAX_ENTRIES, writes.size())).stream()
                    .map(BatchSender::entry).toList());
        }
        var run = new Run(batches, onStored, System.nanoTime());
        ExecutorService senders = Executors.newFixedThreadPool(settings.senders(), runnable -> {
            var thread = new Thread(runnable, "import-sender");
            thread.setDaemon(true);
            return thread;
        });
        try {
            for (int i = 0; i < settings.senders(); i++) {
                senders.submit(run::work);
            }
            senders.shutdown();
            while (!senders.awaitTermination(1, TimeUnit.SECONDS)) {
                // waiting for the last batches
            }
        } catch (InterruptedException e) {
            run.stopped.set(true);
            senders.shutdownNow();
            Thread.currentThread().interrupt();
        }
        long refused = run.refused.size();
        return new Report(run.stored.get(), Map.copyOf(run.refused), writes.size() - run.stored.get() - refused,
                Optional.ofNullable(run.lastFailure.get()), Duration.ofNanos(System.nanoTime() - run.start));
    }

    private static BatchChannel.Entry entry(RowWrite row) {
        return new BatchChannel.Entry(lineId(row.line()), WriteEnvelope.typeOf(row.write()), row.body(), row.write().touristId().toString(),
                row.write().writeId().toString());
    }

    /** An entry's id within its batch, which is also how a refusal finds its line again. */
    static String lineId(int line) {
        return "line-" + line;
    }

    private static int line(String id) {
        return Integer.parseInt(id.substring("line-".length()));
    }

    /** One send of the whole list: the work the senders share. */
    private final class Run {
        final List<List<BatchChannel.Entry>> batches;
        final LongConsumer onStored;
        final long start;
        final AtomicInteger next = new AtomicInteger();
        final AtomicLong stored = new AtomicLong();
        final AtomicLong paced = new AtomicLong();
        final Map<Integer, String> refused = new ConcurrentHashMap<>();
        final AtomicReference<String> lastFailure = new AtomicReference<>();
        final AtomicBoolean stopped = new AtomicBoolean();

        Run(List<List<BatchChannel.Entry>> batches, LongConsumer onStored, long start) {
            this.batches = batches;
            this.onStored = onStored;
            this.start = start;
        }

        void work() {
            for (int i = next.getAndIncrement(); i < batches.size() && !stopped.get(); i = next.getAndIncrement()) {
                if (!sendWithRetries(batches.get(i))) {
                    stopped.set(true);
                }
            }
        }

        /** True when every entry was stored or refused; false when the attempts ran out or the run was stopped. */
        private boolean sendWithRetries(List<BatchChannel.Entry> batch) {
            var pending = batch;
            for (int attempt = 1; ; attempt++) {
                if (!pace(pending.size())) {
                    return false;
                }
                try {
                    var result = channel.send(pending);
                    result.refused().forEach((id, reason) -> refused.put(line(id), reason));
                    var left = pending.stream().filter(entry -> result.retry().contains(entry.id())).toList();
                    long done = pending.size() - left.size() - result.refused().size();
                    stored.addAndGet(done);
                    onStored.accept(done);
                    if (!left.isEmpty()) {
                        lastFailure.set(left.size() + " entries not taken by the queue (its side); sent again");
                    }
                    pending = left;
                } catch (BatchChannel.BatchFailedException e) {
                    lastFailure.set(e.getMessage());
                }
                if (pending.isEmpty()) {
                    return true;
                }
                if (attempt >= settings.maxAttempts() || stopped.get() || !pause(attempt)) {
                    return false;
                }
            }
        }

        /** Waits for this batch's turn under --rate; false if interrupted. */
        private boolean pace(int rows) {
            if (settings.rate().isEmpty()) {
                return true;
            }
            long due = start + paced.getAndAdd(rows * 1_000_000_000L / settings.rate().get());
            long wait = due - System.nanoTime();
            return wait <= 0 || sleep(Duration.ofNanos(wait));
        }

        private boolean pause(int attempt) {
            long millis = Math.min(settings.maxPause().toMillis(), settings.firstPause().toMillis() << Math.min(attempt - 1, 20));
            // Jitter, so that parallel senders that failed together do not come back together.
            return sleep(Duration.ofMillis(millis / 2 + ThreadLocalRandom.current().nextLong(millis / 2 + 1)));
        }

        private boolean sleep(Duration duration) {
            try {
                Thread.sleep(duration);
                return true;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                stopped.set(true);
                return false;
            }
        }
    }
}
