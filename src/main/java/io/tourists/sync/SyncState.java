package io.tourists.sync;

import com.fasterxml.jackson.core.JsonProcessingException;
import io.tourists.json.Json;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;
import software.amazon.awssdk.services.s3.model.S3Exception;

/**
 * What a sync keeps of one source, as S3 objects under {@code state/SOURCE/} in the import bucket (run records under
 * {@code runs/SOURCE/}, upload markers under {@code imported/SOURCE/}): a function
 * outside the VPC reaches them cheaply, and S3's conditional writes (If-None-Match, If-Match) make each change
 * atomic. https://docs.aws.amazon.com/AmazonS3/latest/userguide/conditional-writes.html
 * <ul>
 *   <li>{@code lease.json}: who is running the source, until when. Taken with If-None-Match: *, or over an
 *       expired one with If-Match: runs of one source never overlap, whatever the function's concurrency;</li>
 *   <li>{@code pending.json}: the run id and read time of a run that has started sending; a run that dies keeps
 *       it, and the next run of the same input sends again with the same ones (so with the same writeIds);</li>
 *   <li>{@code snapshot.json}: touristId to content hash of what was sent and acknowledged, replaced with
 *       If-Match on the version the run read;</li>
 *   <li>{@code runs/SOURCE/}: one record per run, newest first by name;</li>
 *   <li>{@code imported/SOURCE/}: one marker per uploaded file version imported;</li>
 *   <li>{@code confirm-deletes.json}: an operator's go-ahead for deletes a run held.</li>
 * </ul>
 */
public final class SyncState {

    /** Where state lives in the bucket; uploads go elsewhere (under {@code incoming/}), so state never triggers. */
    public static final String PREFIX = "state/";
    /** Run records and upload markers have prefixes of their own, so that the bucket's lifecycle expires them. */
    public static final String RUNS = "runs/";
    public static final String IMPORTED = "imported/";

    /** A lease as stored, with the ETag that replacing it must match. */
    public record Lease(String owner, Instant expiresAt, String etag) {}

    /** The run that started sending and has not finished. */
    public record Pending(String runId, Instant readAt, String input) {}

    /** What was last sent: touristId to content hash. {@code etag} is empty when there is none yet. */
    public record Snapshot(Map<UUID, String> tourists, Optional<String> etag) {}

    /** Another writer changed the object first: this run's view of it is stale. */
    public static final class ConflictException extends RuntimeException {
        ConflictException(String message) {
            super(message);
        }
    }

    private record LeaseBody(String owner, Instant expiresAt) {}

    private record SnapshotBody(String source, String runId, Instant readAt, Map<UUID, String> tourists) {}

    private final S3Client s3;
    private final String bucket;
    private final String source;

    public SyncState(S3Client s3, String bucket, String source) {
        this.s3 = s3;
        this.bucket = bucket;
        this.source = source;
    }

    public String source() {
        return source;
    }

    private String runs() {
        return RUNS + source + "/";
    }

    private String key(String name) {
        return PREFIX + source + "/" + name;
    }

    /** Takes the lease for {@code owner} until {@code expiresAt}, if nobody holds an unexpired one. */
    public Optional<Lease> acquireLease(String owner, Instant now, Instant expiresAt) {
        var body = Json.write(new LeaseBody(owner, expiresAt));
        try {
            return Optional.of(new Lease(owner, expiresAt, put(key("lease.json"), body, null, true)));
        } catch (ConflictException held) {
            var current = get(key("lease.json"));
            if (current.isEmpty()) {
                return acquireLease(owner, now, expiresAt);
            }
            var lease = read(current.get().text(), LeaseBody.class);
            if (lease.owner().equals(owner)) {
                // Our own write, which the SDK sent again after an answer it did not get: S3 answered the retry 412.
                return Optional.of(new Lease(owner, lease.expiresAt(), current.get().etag()));
            }
            if (lease.expiresAt().isAfter(now)) {
                return Optional.empty();
            }
            try {
                return Optional.of(new Lease(owner, expiresAt, put(key("lease.json"), body, current.get().etag(), false)));
            } catch (ConflictException lost) {
                return Optional.empty();
            }
        }
    }

    /** Who holds the lease, if anyone. */
    public Optional<Lease> lease() {
        return get(key("lease.json")).map(object -> {
            var lease = read(object.text(), LeaseBody.class);
            return new Lease(lease.owner(), lease.expiresAt(), object.etag());
        });
    }

    public void releaseLease() {
        s3.deleteObject(r -> r.bucket(bucket).key(key("lease.json")));
    }

    public Optional<Pending> pending() {
        return get(key("pending.json")).map(object -> read(object.text(), Pending.class));
    }

    public void writePending(Pending pending) {
        put(key("pending.json"), Json.write(pending), null, false);
    }

    public void clearPending() {
        s3.deleteObject(r -> r.bucket(bucket).key(key("pending.json")));
    }

    public Snapshot snapshot() {
        return get(key("snapshot.json"))
                .map(object -> new Snapshot(read(object.text(), SnapshotBody.class).tourists(), Optional.of(object.etag())))
                .orElse(new Snapshot(Map.of(), Optional.empty()));
    }

    /** Replaces the snapshot read as {@code previous}; fails if another run replaced it since. */
    public void writeSnapshot(Snapshot previous, Map<UUID, String> tourists, String runId, Instant readAt) {
        try {
            put(key("snapshot.json"), Json.write(new SnapshotBody(source, runId, readAt, tourists)),
                    previous.etag().orElse(null), previous.etag().isEmpty());
        } catch (ConflictException e) {
            // Unless it is this run's own write, sent again by the SDK after an answer it did not get.
            var current = get(key("snapshot.json")).map(object -> read(object.text(), SnapshotBody.class));
            if (current.isEmpty() || !current.get().runId().equals(runId) || !current.get().tourists().equals(tourists)) {
                throw e;
            }
        }
    }

    /** Newest first by name: the inverted finish time, then the run id. */
    public void writeRun(RunRecord run) {
        var inverted = String.format("%019d", Long.MAX_VALUE - run.finishedAt().toEpochMilli());
        put(runs() + inverted + "-" + run.runId() + ".json", Json.write(run), null, false);
    }

    /** The last {@code count} runs of this source, newest first. */
    public List<RunRecord> lastRuns(int count) {
        var runs = new ArrayList<RunRecord>();
        var listing = s3.listObjectsV2(r -> r.bucket(bucket).prefix(runs()).maxKeys(count));
        for (var object : listing.contents()) {
            get(object.key()).ifPresent(found -> runs.add(read(found.text(), RunRecord.class)));
        }
        return runs;
    }

    /** The sources that have state in the bucket. */
    public static List<String> sources(S3Client s3, String bucket) {
        var sources = new ArrayList<String>();
        String token = null;
        do {
            var continuation = token;
            var listing = s3.listObjectsV2(r -> r.bucket(bucket).prefix(PREFIX).delimiter("/").continuationToken(continuation));
            listing.commonPrefixes().forEach(prefix -> {
                var name = prefix.prefix().substring(PREFIX.length());
                sources.add(name.substring(0, name.length() - 1));
            });
            token = listing.isTruncated() ? listing.nextContinuationToken() : null;
        } while (token != null);
        return sources;
    }

    public boolean imported(String marker) {
        return get(IMPORTED + source + "/" + marker).isPresent();
    }

    public void markImported(String marker, String runId) {
        put(IMPORTED + source + "/" + marker, runId, null, false);
    }

    public boolean deletesConfirmed() {
        return get(key("confirm-deletes.json")).isPresent();
    }

    public void confirmDeletes(String by, Instant at) {
        put(key("confirm-deletes.json"), Json.write(Map.of("confirmedBy", by, "confirmedAt", at.toString())), null, false);
    }

    public void clearConfirmation() {
        s3.deleteObject(r -> r.bucket(bucket).key(key("confirm-deletes.json")));
    }

    private record Found(String text, String etag) {}

    private Optional<Found> get(String key) {
        try {
            var object = s3.getObjectAsBytes(r -> r.bucket(bucket).key(key));
            return Optional.of(new Found(object.asString(StandardCharsets.UTF_8), object.response().eTag()));
        } catch (NoSuchKeyException e) {
            return Optional.empty();
        }
    }

    /**
     * Writes an object; with {@code ifMatch}, only over that version; with {@code ifAbsent}, only where none is.
     * S3 answers 412 when the condition fails, and 409 when a concurrent conditional write won the race.
     */
    private String put(String key, String text, String ifMatch, boolean ifAbsent) {
        try {
            return s3.putObject(r -> {
                r.bucket(bucket).key(key).contentType("application/json");
                if (ifMatch != null) {
                    r.ifMatch(ifMatch);
                } else if (ifAbsent) {
                    r.ifNoneMatch("*");
                }
            }, RequestBody.fromString(text, StandardCharsets.UTF_8)).eTag();
        } catch (S3Exception e) {
            if (e.statusCode() == 412 || e.statusCode() == 409) {
                throw new ConflictException(key + " was changed by another run (" + e.statusCode() + ")");
            }
            throw e;
        }
    }

    private static <T> T read(String text, Class<T> type) {
        try {
            return Json.MAPPER.readValue(text, type);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("unreadable sync state object" + Json.where(e), e);
        }
    }
}
