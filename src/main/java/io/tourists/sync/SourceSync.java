package io.tourists.sync;

import io.tourists.domain.FieldError;
import io.tourists.domain.TouristWrite;
import io.tourists.queue.WriteEnvelope;
import io.tourists.sync.RowWrites.RowWrite;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.Semaphore;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

/**
 * One run of a sync: reads a source part by part, sends the new and changed rows as they are read, and after a
 * complete listing the deletes of the tourists that vanished from it; then records what it sent.
 *
 * <p>Only changes are sent: the source's snapshot (touristId to content hash, {@link SyncState}) says what was
 * last sent and acknowledged. It is replaced only after every send of the run was acknowledged, so a run that
 * fails or dies changes nothing in it, and the next run sends the same changes again.
 *
 * <p>A run records its id and its read time before it sends. The read time is every write's occurredAt, and a
 * writeId is derived from the touristId, the read time and the row's content ({@link RowWrites}): a run that died
 * is redone with the same read time, so the writes it sends again keep their writeIds and the consumer ignores
 * those it already applied.
 *
 * <p>Deletes: only from a complete listing of the source (a paginated source read to its end, or an upload under
 * a prefix configured as a full listing). When more than {@code deleteShare} of the snapshot would be deleted,
 * the run holds the deletes and says so, until an operator confirms them ({@code tourists import
 * confirm-deletes}); held tourists stay in the snapshot, so each run holds them again until then.
 */
public final class SourceSync {

    /**
     * @param fullListing whether the source's rows are all of its tourists (vanished ones become deletes)
     * @param deleteShare the share of the snapshot a run may delete without an operator's confirmation
     * @param lease       how long a run may hold the source: at least the function's timeout
     */
    public record Settings(List<String> keyColumns, boolean fullListing, double deleteShare, Duration lease,
                           BatchSender.Settings sending) {
        public static final double DEFAULT_DELETE_SHARE = 0.05;
    }

    /** The queue did not store every write after the sender's retries: the run fails, the next one sends again. */
    static final class SendFailedException extends RuntimeException {
        SendFailedException(String message) {
            super(message);
        }
    }

    /** Parts sent or waiting to be sent while the source is read on. */
    static final int PAGES_IN_FLIGHT = 3;

    /** How a skipped run's note starts when another run holds the source. */
    public static final String LEASE_HELD = "another run holds the source";

    private final SyncState state;
    private final BatchChannel channel;
    private final Settings settings;
    private final Clock clock;

    public SourceSync(SyncState state, BatchChannel channel, Settings settings, Clock clock) {
        this.state = state;
        this.channel = channel;
        this.settings = settings;
        this.clock = clock;
    }

    /**
     * Runs the sync once, unless another run holds the source (then a skipped record, not written). An input
     * with an {@code importedMarker} already imported is skipped too (S3 may notify an upload twice).
     * A failure is recorded and returned; the lease is released. An {@link Error} (the process dying) leaves
     * the lease and the pending run for the next run to take over when the lease expires.
     */
    public RunRecord run(RowSource source, String trigger, Optional<String> importedMarker) {
        var startedAt = clock.instant();
        var owner = UUID.randomUUID().toString();
        var lease = state.acquireLease(owner, startedAt, startedAt.plus(settings.lease()));
        if (lease.isEmpty()) {
            var holder = state.lease();
            return skipped(source, trigger, startedAt, LEASE_HELD
                    + holder.map(l -> " until " + l.expiresAt()).orElse(""));
        }
        var run = new Run(source, trigger, startedAt);
        try {
            if (importedMarker.isPresent() && state.imported(importedMarker.get())) {
                var record = skipped(source, trigger, startedAt, "this upload was imported already");
                state.releaseLease();
                return record;
            }
            run.execute();
            importedMarker.ifPresent(marker -> state.markImported(marker, run.runId));
            var record = run.record(RunRecord.COMPLETED, run.note);
            state.writeRun(record);
            state.releaseLease();
            return record;
        } catch (RuntimeException e) {
            var record = run.record(RunRecord.FAILED, e.getMessage() + "; nothing was deleted and the snapshot is "
                    + "unchanged: the next run sends again");
            state.writeRun(record);
            state.releaseLease();
            return record;
        }
    }

    private RunRecord skipped(RowSource source, String trigger, Instant startedAt, String note) {
        var now = clock.instant();
        return new RunRecord(state.source(), "", source.input(), trigger, null, startedAt, now, RunRecord.SKIPPED,
                false, 0, 0, 0, 0, 0, 0, 0, note, List.of(), RunRecord.seconds(startedAt, now));
    }

    /** One run's counts and the snapshot it builds. */
    private final class Run {
        final RowSource source;
        final String trigger;
        final Instant startedAt;
        String runId = "";
        Instant readAt;
        boolean redo;
        long rowsRead;
        long valid;
        long unchanged;
        long sent;
        long deletesSent;
        long deletesHeld;
        int lastLine;
        String note = "";
        final List<RunRecord.Refused> refusedRows = new ArrayList<>();
        long refused;

        Run(RowSource source, String trigger, Instant startedAt) {
            this.source = source;
            this.trigger = trigger;
            this.startedAt = startedAt;
        }

        void execute() {
            var pending = state.pending().filter(p -> p.input().equals(source.input()));
            redo = pending.isPresent();
            runId = pending.map(SyncState.Pending::runId).orElse(UUID.randomUUID().toString());
            readAt = pending.map(SyncState.Pending::readAt).orElse(WriteEnvelope.stamp(clock));
            if (!redo) {
                state.writePending(new SyncState.Pending(runId, readAt, source.input()));
            }
            var snapshot = state.snapshot();
            var next = new ConcurrentHashMap<>(snapshot.tourists());
            var seen = new HashSet<UUID>();
            var firstLineOfTourist = new HashMap<UUID, Integer>();
            var rowWrites = new RowWrites(clock, readAt, settings.keyColumns());
            var sender = new BatchSender(channel, settings.sending());
            // A page is sent while the next ones are read: up to PAGES_IN_FLIGHT pages wait or are being sent. One
            // page at a time, so that the queue sees the sender's parallel calls (as many as the CLI import's), not a
            // multiple of them: on a small host, more calls at once only compete for the cores.
            var sending = Executors.newSingleThreadExecutor(Thread.ofPlatform().daemon().name("sync-send").factory());
            var inFlight = new Semaphore(PAGES_IN_FLIGHT);
            var sends = new ArrayList<Future<Long>>();
            try {
                read(rowWrites, firstLineOfTourist, snapshot, seen, part -> {
                    acquire(inFlight);
                    sends.add(sending.submit(() -> {
                        try {
                            return send(sender, part.writes(), part.page(), next);
                        } finally {
                            inFlight.release();
                        }
                    }));
                    sends.stream().filter(Future::isDone).forEach(Run::result);
                });
                for (var send : sends) {
                    sent += result(send);
                }
            } finally {
                sending.shutdownNow();
            }
            if (settings.fullListing()) {
                deleteVanished(sender, snapshot, seen, next);
            }
            state.writeSnapshot(snapshot, next, runId, readAt);
            state.clearPending();
        }

        /** The changed rows of one part, to send. */
        private record Changed(Integer page, List<RowWrite> writes) {}

        private void read(RowWrites rowWrites, Map<UUID, Integer> firstLineOfTourist, SyncState.Snapshot snapshot,
                          Set<UUID> seen, java.util.function.Consumer<Changed> toSend) {
            source.read(rowWrites.knownColumns(), settings.keyColumns(), part -> {
                var checked = rowWrites.check(part.rows(), firstLineOfTourist);
                rowsRead += checked.rows();
                valid += checked.writes().size();
                part.rows().forEach(row -> lastLine = Math.max(lastLine, row.line()));
                checked.refused().forEach(row -> {
                    refuse(row.line(), part.page(), row.errors());
                    if (row.touristId() != null) {
                        seen.add(row.touristId());
                    }
                });
                var changed = new ArrayList<RowWrite>();
                for (var write : checked.writes()) {
                    var touristId = write.write().touristId();
                    seen.add(touristId);
                    if (write.contentHash().equals(snapshot.tourists().get(touristId))) {
                        unchanged++;
                    } else {
                        changed.add(write);
                    }
                }
                if (!changed.isEmpty()) {
                    toSend.accept(new Changed(part.page(), changed));
                }
            });
        }

        private static void acquire(Semaphore inFlight) {
            try {
                inFlight.acquire();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new SendFailedException("interrupted while sending");
            }
        }

        /** A page's send, done: how many writes the queue stored; its failure stops the run. */
        private static long result(Future<Long> send) {
            try {
                return send.get();
            } catch (ExecutionException e) {
                throw e.getCause() instanceof RuntimeException runtime ? runtime : new SendFailedException(e.getMessage());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new SendFailedException("interrupted while sending");
            }
        }

        private void deleteVanished(BatchSender sender, SyncState.Snapshot snapshot, Set<UUID> seen,
                                    Map<UUID, String> next) {
            var vanished = snapshot.tourists().keySet().stream().filter(id -> !seen.contains(id)).sorted().toList();
            if (vanished.isEmpty()) {
                return;
            }
            boolean confirmed = state.deletesConfirmed();
            if (vanished.size() > settings.deleteShare() * snapshot.tourists().size() && !confirmed) {
                deletesHeld = vanished.size();
                note = "held " + vanished.size() + " deletes: " + vanished.size() + " of " + snapshot.tourists().size()
                        + " tourists vanished from the source, more than " + Math.round(settings.deleteShare() * 100)
                        + "%; confirm with: tourists import confirm-deletes --source " + state.source();
                return;
            }
            var deletes = new ArrayList<RowWrite>();
            for (var touristId : vanished) {
                deletes.add(RowWrite.delete(++lastLine, touristId, readAt));
            }
            deletesSent = send(sender, deletes, null, next);
            if (confirmed) {
                state.clearConfirmation();
            }
        }

        /** Sends and updates the next snapshot with what the queue stored; returns how many it stored. */
        private long send(BatchSender sender, List<RowWrite> writes, Integer page, Map<UUID, String> next) {
            if (writes.isEmpty()) {
                return 0;
            }
            var report = sender.send(writes, stored -> { });
            if (report.unsent() > 0) {
                throw new SendFailedException(report.unsent() + " of " + writes.size() + " writes were not sent ("
                        + report.lastFailure().orElse("stopped") + ")");
            }
            report.refused().forEach((line, reason) -> refuse(line, page,
                    List.of(new FieldError("$", "refused-by-queue", reason))));
            long stored = 0;
            for (var write : writes) {
                if (report.refused().containsKey(write.line())) {
                    continue;
                }
                stored++;
                switch (write.write()) {
                    case TouristWrite.Upsert upsert -> next.put(upsert.touristId(), write.contentHash());
                    case TouristWrite.Delete delete -> next.remove(delete.touristId());
                }
            }
            return stored;
        }

        private synchronized void refuse(int line, Integer page, List<FieldError> errors) {
            refused++;
            if (refusedRows.size() < RunRecord.MAX_REFUSED_LISTED) {
                refusedRows.add(new RunRecord.Refused(line, page, errors));
            }
        }

        RunRecord record(String outcome, String note) {
            var now = clock.instant();
            return new RunRecord(state.source(), runId, source.input(), trigger, readAt, startedAt, now, outcome, redo,
                    rowsRead, valid, refused, unchanged, sent, deletesSent, deletesHeld, note, refusedRows,
                    RunRecord.seconds(startedAt, now));
        }
    }
}
