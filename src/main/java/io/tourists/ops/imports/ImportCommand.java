package io.tourists.ops.imports;

import io.tourists.sync.UnreadableFileException;
import io.tourists.sync.SqsBatchChannel;
import io.tourists.sync.RowWrites;
import io.tourists.sync.BatchSender;
import io.tourists.domain.WriteRetention;
import io.tourists.ops.db.DatabaseSession;
import io.tourists.ops.db.DbOptions;
import io.tourists.sync.RowWrites.Checked;
import io.tourists.sync.RowWrites.RowWrite;
import io.tourists.ops.internal.CliContext;
import io.tourists.ops.internal.OperatorException;
import io.tourists.ops.sqs.AwsOptions;
import io.tourists.ops.sqs.SqsSession;
import io.tourists.ops.sqs.WriteQueueOptions;
import io.tourists.queue.WriteEnvelope;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code tourists import FILE}: creates or replaces the tourists of a CSV or JSON Lines file through the write
 * queue, as any other publisher does. Every row is checked with the API's rules before anything is sent; the
 * valid rows go out with SendMessageBatch through parallel senders. Ids and times are derived from the file
 * (see {@link RowWrites}), so importing the same file again, or again after Ctrl-C or a crash, applies nothing
 * twice.
 */
@Command(name = "import", mixinStandardHelpOptions = true, sortOptions = false,
        subcommands = {SyncCommands.Status.class, SyncCommands.ConfirmDeletes.class},
        description = {"Create or replace the tourists of a CSV (with a header row) or JSON Lines file, through the "
                + "write queue.",
                "Every row is checked with the API's rules first; refused rows are listed by line and never sent. "
                        + "A row's touristId is its touristId column, else derived from the --key columns, else from "
                        + "the row. All rows are stamped with the file's last-modified time (or --occurred-at), and "
                        + "each write's id is derived from the row, so running the same import again applies "
                        + "nothing twice: after Ctrl-C or a crash, run it again.",
                "With --from URL instead of a FILE: the import function's pull of a paginated source, from here "
                        + "(its snapshot, lease and run records in --bucket): only the rows that changed are sent.",
                "Exit codes: 0 every row sent (and committed, with --wait); 1 some rows refused or not committed in "
                        + "time; 2 the file, the queue or the database cannot be used."})
public final class ImportCommand implements Callable<Integer> {

    /** The consumer's window for write records (WRITE_RETENTION_DAYS): older writes are parked as too-old. */
    private static final WriteRetention WRITE_RETENTION = WriteRetention.ofDays(WriteRetention.DEFAULT_DAYS);
    static final Duration POLL_EVERY = Duration.ofMillis(200);

    @Parameters(paramLabel = "FILE", arity = "0..1",
            description = "the file: .csv, or .jsonl/.ndjson/.json (one object per line)")
    Path file;

    @Mixin
    PullOptions pull;

    @Mixin
    SyncOptions sync;

    @Option(names = "--format", paramLabel = "csv|jsonl", description = "the file's format (default: by its extension)")
    String format;

    @Option(names = "--key", paramLabel = "COLUMN", split = ",",
            description = "derive the touristId of rows without one from these columns (e.g. --key customerRef), so "
                    + "that a later file with the same key replaces the tourist. A key column that is not a tourist "
                    + "field is used for the id only. Default: the row's tourist fields")
    List<String> keyColumns = List.of();

    @Option(names = "--occurred-at", paramLabel = "TIME",
            description = "when the file's data was true, RFC 3339 (default: the file's last-modified time). Use the "
                    + "same value on every run of one file")
    String occurredAtOption;

    @Option(names = "--dry-run", description = "check every row and send nothing")
    boolean dryRun;

    @Option(names = "--senders", paramLabel = "N", defaultValue = "8",
            description = "SendMessageBatch calls in flight at once, 1-64 (default: ${DEFAULT-VALUE})")
    int senders;

    @Option(names = "--rate", paramLabel = "ROWS", description = "send at most ROWS rows a second (default: as fast as the queue takes them)")
    Integer rate;

    @Option(names = "--wait", description = "after sending, wait until the consumer has committed every row sent "
            + "(reads applied_write and write_rejection: needs --db-url or DB_URL); rows already committed are not sent again")
    boolean await;

    @Option(names = "--wait-timeout", paramLabel = "SECONDS", defaultValue = "600",
            description = "with --wait, stop waiting after this long (default: ${DEFAULT-VALUE})")
    int waitTimeoutSeconds;

    @Option(names = "--progress", paramLabel = "auto|bar|lines|none", defaultValue = "auto",
            description = "progress on stderr: a bar on a terminal, a line every few seconds otherwise (default: ${DEFAULT-VALUE})")
    String progress;

    @Option(names = "--json", description = "print one JSON object at the end")
    boolean json;

    @Mixin
    WriteQueueOptions queue;

    @Mixin
    AwsOptions aws;

    @Mixin
    DbOptions db;

    @Spec
    CommandSpec spec;

    private final CliContext context;

    ImportCommand(CliContext context) {
        this.context = context;
    }

    @Override
    public Integer call() {
        var progressMode = progressMode();
        if (senders < 1 || senders > 64) {
            throw new ParameterException(spec.commandLine(), "--senders must be between 1 and 64, got " + senders);
        }
        if (rate != null && rate < 1) {
            throw new ParameterException(spec.commandLine(), "--rate must be at least 1, got " + rate);
        }
        if ((file == null) == (pull.from == null)) {
            throw new ParameterException(spec.commandLine(), "give a FILE or --from URL (one of them)");
        }
        if (pull.from != null) {
            return pull();
        }
        var importFile = ImportFile.read(file, Optional.ofNullable(format));
        var occurredAt = occurredAt(importFile);
        var rowWrites = new RowWrites(context.clock(), occurredAt, keyColumns);
        Checked checked;
        try {
            checked = rowWrites.check(importFile.rows(rowWrites.knownColumns(), keyColumns));
        } catch (UnreadableFileException e) {
            throw OperatorException.environment(file + ": " + e.getMessage() + "; nothing was sent");
        }
        var output = new ImportOutput(context.out(), json);
        output.checked(file.toString(), importFile.format(), occurredAt, occurredAtSource(), checked);
        int exit = checked.refused().isEmpty() ? 0 : OperatorException.REFUSED;
        if (dryRun) {
            output.dryRun();
            output.finish();
            return exit;
        }
        try (var session = SqsSession.open(context, aws);
             var database = await ? DatabaseSession.open(context, db) : null) {
            var target = session.writeQueue(queue);
            var toSend = checked.writes();
            if (database != null) {
                var ids = toSend.stream().map(row -> row.write().writeId()).toList();
                var applied = database.run("reading applied_write", dataSource -> new CommittedWrites(dataSource).applied(ids));
                toSend = toSend.stream().filter(row -> !applied.contains(row.write().writeId())).toList();
                output.alreadyApplied(applied.size());
            }
            if (toSend.isEmpty()) {
                output.nothingToSend(target.name());
                output.finish();
                return exit;
            }
            var channel = new SqsBatchChannel(session.sqs(), target.url(), "import-" + importFile.digest() + "-");
            var report = send(new BatchSender(channel, BatchSender.Settings.of(senders, Optional.ofNullable(rate))),
                    toSend, progressMode);
            output.sent(target.name(), report, toSend.size());
            if (report.unsent() > 0) {
                output.finish();
                throw OperatorException.environment(report.unsent() + " of " + toSend.size() + " rows were not sent ("
                        + report.lastFailure().orElse("stopped") + "). Run the same command again: rows already "
                        + "sent are not applied twice");
            }
            if (!report.refused().isEmpty()) {
                exit = OperatorException.REFUSED;
            }
            if (database != null && !awaitCommitted(database, toSend, report, progressMode, output)) {
                exit = OperatorException.REFUSED;
            }
            output.finish();
            return exit;
        }
    }

    private int pull() {
        var settings = pull.settings(spec, keyColumns, senders);
        var bucket = sync.bucket(context);
        try (var session = SqsSession.open(context, aws); var s3 = sync.s3(context, aws)) {
            var target = session.writeQueue(queue);
            return SourcePull.run(context, settings, session.sqs(), target.url(), s3, bucket);
        }
    }

    private BatchSender.Report send(BatchSender sender, List<RowWrite> rows, Progress.Mode mode) {
        // Ctrl-C: what was stored stays stored; say how to finish.
        var hint = new Thread(() -> {
            context.err().println();
            context.err().println("stopped: run the same command again to send the rest; rows already sent are not "
                    + "applied twice");
            context.err().flush();
        });
        Runtime.getRuntime().addShutdownHook(hint);
        try (var bar = Progress.start(context.err(), mode, "sent", "rows", rows.size())) {
            return sender.send(rows, bar::add);
        } finally {
            try {
                Runtime.getRuntime().removeShutdownHook(hint);
            } catch (IllegalStateException shuttingDown) {
                // The hook is running: it says what to do.
            }
        }
    }

    /**
     * Waits until the consumer has applied or refused every sent row (applied_write, write_rejection), or the
     * timeout; true when every row was applied.
     */
    private boolean awaitCommitted(DatabaseSession database, List<RowWrite> sent, BatchSender.Report report,
                                   Progress.Mode mode, ImportOutput output) {
        var stored = sent.stream().filter(row -> !report.refused().containsKey(row.line()))
                .map(row -> row.write().writeId()).toList();
        long firstSend = System.nanoTime() - report.elapsed().toNanos();
        long deadline = System.nanoTime() + Duration.ofSeconds(waitTimeoutSeconds).toNanos();
        var refused = new HashSet<UUID>();
        var pending = stored;
        long lastCommit = System.nanoTime();
        try (var bar = Progress.start(context.err(), mode, "committed", "rows", stored.size(), firstSend)) {
            while (!pending.isEmpty() && System.nanoTime() < deadline) {
                var before = pending.size();
                var query = pending;
                var outcomes = database.run("reading applied_write",
                        dataSource -> new CommittedWrites(dataSource).outcomes(query));
                refused.addAll(outcomes.refused());
                pending = outcomes.pending();
                if (pending.size() < before) {
                    lastCommit = System.nanoTime();
                }
                bar.set(stored.size() - pending.size());
                if (!pending.isEmpty() && !sleep(POLL_EVERY)) {
                    break;
                }
            }
        }
        long committed = stored.size() - pending.size() - refused.size();
        output.committed(committed, stored.size(), refused.size(), Duration.ofNanos(lastCommit - firstSend),
                !pending.isEmpty());
        if (!refused.isEmpty()) {
            context.err().println("error: the consumer refused " + refused.size() + " rows and parked them on the "
                    + "dead-letter queue with the reason (tourists dlq peek); each write's status says why");
        }
        if (!pending.isEmpty()) {
            context.err().println("error: " + pending.size() + " rows sent but not committed after " + waitTimeoutSeconds
                    + " s: is the consumer running? Parked rows are on the dead-letter queue (tourists dlq peek)");
        }
        context.err().flush();
        return pending.isEmpty() && refused.isEmpty();
    }

    private Progress.Mode progressMode() {
        return switch (progress) {
            case "auto" -> context.terminal() && !json ? Progress.Mode.BAR : Progress.Mode.LINES;
            case "bar" -> Progress.Mode.BAR;
            case "lines" -> Progress.Mode.LINES;
            case "none" -> Progress.Mode.NONE;
            default -> throw new ParameterException(spec.commandLine(),
                    "--progress must be auto, bar, lines or none, got " + progress);
        };
    }

    /**
     * One time for every row, stable across runs of the same file: its last-modified time unless given. It must
     * be inside the consumer's window (the consumer parks older writes as too-old) and not in the future.
     */
    private Instant occurredAt(ImportFile importFile) {
        Instant time;
        if (occurredAtOption != null) {
            try {
                time = OffsetDateTime.parse(occurredAtOption).toInstant();
            } catch (DateTimeParseException e) {
                throw new ParameterException(spec.commandLine(),
                        "--occurred-at must be an RFC 3339 time with an offset, e.g. 2026-11-23T10:15:30Z; got " + occurredAtOption);
            }
        } else {
            time = importFile.lastModified();
        }
        time = time.truncatedTo(ChronoUnit.MICROS);
        var now = context.clock().instant();
        var source = occurredAtSource();
        if (time.isAfter(now.plus(WriteEnvelope.MAX_CLOCK_SKEW))) {
            throw OperatorException.environment(source + " (" + time + ") is in the future: the consumer would refuse "
                    + "every row; pass --occurred-at; nothing was sent");
        }
        if (WRITE_RETENTION.isTooOld(time, now)) {
            throw OperatorException.environment(source + " (" + time + ") is more than " + WRITE_RETENTION.days()
                    + " days ago: the consumer would park every row as too-old. Pass --occurred-at with a recent time, "
                    + "and the same one on every run of this file; nothing was sent");
        }
        return time;
    }

    private String occurredAtSource() {
        return occurredAtOption != null ? "--occurred-at" : "the file's last-modified time";
    }

    private static boolean sleep(Duration duration) {
        try {
            Thread.sleep(duration);
            return true;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }
}
