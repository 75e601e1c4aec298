package io.tourists.ops.imports;

import java.nio.file.Path;
import java.util.Locale;
import java.util.Optional;

/** The two file formats {@code tourists import} reads. */
enum ImportFormat {

    /** Comma-separated values (RFC 4180) with a header row naming the columns. */
    CSV,
    /** One JSON object per line (JSON Lines, NDJSON). */
    JSONL;

    /** By the file's extension: .csv, or .jsonl, .ndjson, .json. */
    static Optional<ImportFormat> byExtension(Path file) {
        var name = file.getFileName().toString().toLowerCase(Locale.ROOT);
        if (name.endsWith(".csv")) {
            return Optional.of(CSV);
        }
        if (name.endsWith(".jsonl") || name.endsWith(".ndjson") || name.endsWith(".json")) {
            return Optional.of(JSONL);
        }
        return Optional.empty();
    }
}
