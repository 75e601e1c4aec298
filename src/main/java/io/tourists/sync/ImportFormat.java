package io.tourists.sync;

import java.nio.file.Path;
import java.util.Locale;
import java.util.Optional;

/** The two file formats {@code tourists import} reads. */
public enum ImportFormat {

    /** Comma-separated values (RFC 4180) with a header row naming the columns. */
    CSV,
    /** One JSON object per line (JSON Lines, NDJSON). */
    JSONL;

    /** By the file's extension: .csv, or .jsonl, .ndjson, .json. */
    public static Optional<ImportFormat> byExtension(Path file) {
        return byName(file.getFileName().toString());
    }

    /** By a file name's or an object key's extension. */
    public static Optional<ImportFormat> byName(String fileName) {
        var name = fileName.toLowerCase(Locale.ROOT);
        if (name.endsWith(".csv")) {
            return Optional.of(CSV);
        }
        if (name.endsWith(".jsonl") || name.endsWith(".ndjson") || name.endsWith(".json")) {
            return Optional.of(JSONL);
        }
        return Optional.empty();
    }
}
