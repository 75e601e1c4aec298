package io.tourists.sync;

import io.tourists.domain.FieldError;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * What one run of a sync did, kept beside the source's snapshot ({@link SyncState#writeRun}) and read by
 * {@code tourists import status}. A refused row is named by its line (a file) or its page and row (an HTTP
 * source) and its field errors, never its values.
 *
 * @param outcome        completed, failed (nothing deleted, the snapshot unchanged), or skipped
 * @param redo           whether the run took over the run id and read time of a run that had died
 * @param rowsRead       rows in the source (valid and refused)
 * @param unchanged      valid rows whose content equals what was last sent: not sent
 * @param sent           upserts the queue stored
 * @param deletesSent    deletes the queue stored: tourists that vanished from a complete listing
 * @param deletesHeld    deletes held back: more than the allowed share, and no operator confirmation
 * @param refusedRows    the first {@value #MAX_REFUSED_LISTED} refused rows
 */
public record RunRecord(String source, String runId, String input, String trigger, Instant readAt, Instant startedAt,
                        Instant finishedAt, String outcome, boolean redo, long rowsRead, long valid, long refused,
                        long unchanged, long sent, long deletesSent, long deletesHeld, String note,
                        List<Refused> refusedRows, double durationSeconds) {

    public static final int MAX_REFUSED_LISTED = 1_000;
    public static final String COMPLETED = "completed";
    public static final String FAILED = "failed";
    public static final String SKIPPED = "skipped";

    /** A refused row: its line in a file, or its page and its row number in the listing. */
    public record Refused(int line, Integer page, List<FieldError> errors) {}

    public RunRecord {
        refusedRows = List.copyOf(refusedRows);
    }

    static double seconds(Instant from, Instant to) {
        return Math.round(Duration.between(from, to).toMillis() / 10.0) / 100.0;
    }
}
