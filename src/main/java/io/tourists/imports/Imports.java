package io.tourists.imports;

import io.tourists.lambda.InvocationMetrics;
import io.tourists.sync.BatchChannel;
import io.tourists.sync.FileRows;
import io.tourists.sync.HttpPages;
import io.tourists.sync.ImportFormat;
import io.tourists.sync.RowSource;
import io.tourists.sync.RunRecord;
import io.tourists.sync.SourceSync;
import io.tourists.sync.SyncState;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * What the import function does with an event: an S3 notification imports each uploaded file under
 * {@code incoming/} (its folder is its source: {@code incoming/partner-a/2026-12-07.csv} belongs to source
 * {@code partner-a}; a file directly under {@code incoming/} to source {@code files}); any other event (the
 * schedule's) pulls the paginated source. Each run's record goes to the bucket, its counts to the metrics.
 */
public final class Imports {

    public static final String INCOMING = "incoming/";
    public static final String FILES_SOURCE = "files";

    private final ImportSettings settings;
    private final S3Client s3;
    private final BatchChannel channel;
    private final Optional<Supplier<String>> token;
    private final InvocationMetrics metrics;
    private final Clock clock;

    public Imports(ImportSettings settings, S3Client s3, BatchChannel channel, Optional<Supplier<String>> token,
                   InvocationMetrics metrics, Clock clock) {
        this.settings = settings;
        this.s3 = s3;
        this.channel = channel;
        this.token = token;
        this.metrics = metrics;
        this.clock = clock;
    }

    /** Runs what the event asks for; the runs' records, in order. */
    @SuppressWarnings("unchecked")
    public List<RunRecord> handle(Map<String, Object> event) {
        var records = event == null ? null : event.get("Records");
        if (records instanceof List<?> notifications) {
            var runs = new ArrayList<RunRecord>();
            for (var notification : notifications) {
                if (notification instanceof Map<?, ?> map && map.get("s3") instanceof Map<?, ?> s3Part) {
                    fileRun((Map<String, Object>) s3Part).ifPresent(runs::add);
                }
            }
            return runs;
        }
        var url = settings.sourceUrl().orElseThrow(() -> new IllegalStateException(
                "a scheduled run needs SYNC_SOURCE_URL: the paginated source to pull"));
        var sync = new SourceSync(new SyncState(s3, settings.bucket(), settings.sourceName()), channel,
                settings.sync(true), clock);
        return List.of(count(sync.run(new HttpPages(settings.pages(url, token)), "schedule", Optional.empty())));
    }

    @SuppressWarnings("unchecked")
    private Optional<RunRecord> fileRun(Map<String, Object> s3Part) {
        var bucket = (String) ((Map<String, Object>) s3Part.get("bucket")).get("name");
        var object = (Map<String, Object>) s3Part.get("object");
        // Keys in S3 notifications are URL-encoded, with '+' for a space.
        var key = URLDecoder.decode((String) object.get("key"), StandardCharsets.UTF_8);
        if (!key.startsWith(INCOMING) || key.endsWith("/")) {
            return Optional.empty();
        }
        var version = Optional.ofNullable((String) object.get("versionId"))
                .or(() -> Optional.ofNullable((String) object.get("eTag"))).orElse("");
        var input = "s3://" + bucket + "/" + key + "#" + version;
        var source = sourceOf(key);
        var format = ImportFormat.byName(key);
        var sync = new SourceSync(new SyncState(s3, settings.bucket(), source), channel,
                settings.sync(settings.fullListingPrefixes().contains(source)), clock);
        RowSource rows = new FileRows(input, format.orElse(ImportFormat.CSV), () -> s3.getObject(r -> {
            r.bucket(bucket).key(key);
            Optional.ofNullable((String) object.get("eTag")).ifPresent(r::ifMatch);
        }));
        if (format.isEmpty()) {
            rows = new Unsupported(input);
        }
        var run = count(sync.run(rows, "upload " + key, Optional.of(digest(input))));
        // Lambda tries a failed asynchronous invocation twice more: a busy source or a queue outage may pass.
        if (RunRecord.FAILED.equals(run.outcome()) || run.note().startsWith(SourceSync.LEASE_HELD)) {
            throw new ImportFailedException(key + ": " + run.note());
        }
        return Optional.of(run);
    }

    /** The folder under incoming/ that a key is in, or {@value #FILES_SOURCE}. */
    public static String sourceOf(String key) {
        var rest = key.substring(INCOMING.length());
        int slash = rest.indexOf('/');
        return slash > 0 ? rest.substring(0, slash) : FILES_SOURCE;
    }

    private RunRecord count(RunRecord run) {
        metrics.count("ImportRuns", 1);
        metrics.count("ImportFailedRuns", RunRecord.FAILED.equals(run.outcome()) ? 1 : 0);
        metrics.count("ImportRowsSent", run.sent());
        metrics.count("ImportRowsUnchanged", run.unchanged());
        metrics.count("ImportRowsRefused", run.refused());
        metrics.count("ImportDeletesSent", run.deletesSent());
        metrics.count("ImportDeletesHeld", run.deletesHeld());
        return run;
    }

    private static String digest(String input) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(input.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime ships SHA-256", e);
        }
    }

    /** An upload was not imported: Lambda tries the notification again. */
    public static final class ImportFailedException extends RuntimeException {
        ImportFailedException(String message) {
            super(message);
        }
    }

    /** A file of no known format: the run fails with the reason, and nothing is read. */
    private record Unsupported(String input) implements RowSource {
        @Override
        public void read(java.util.Set<String> knownColumns, List<String> keyColumns, java.util.function.Consumer<Part> parts) {
            throw new io.tourists.sync.UnreadableFileException("the file's name ends in neither .csv nor .jsonl, "
                    + ".ndjson or .json: its format is unknown");
        }
    }
}
