package io.tourists.ops.imports;

import io.tourists.sync.UnreadableFileException;
import io.tourists.sync.SourceRow;
import io.tourists.sync.JsonLinesRows;
import io.tourists.sync.ImportFormat;
import io.tourists.sync.CsvRows;
import io.tourists.sync.FileRows;
import io.tourists.ops.internal.OperatorException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/** The file to import, read whole: its text (UTF-8), its format, its last-modified time and a short digest. */
record ImportFile(Path path, String text, ImportFormat format, Instant lastModified, String digest) {

    static ImportFile read(Path path, Optional<String> format) {
        byte[] bytes;
        Instant lastModified;
        try {
            bytes = Files.readAllBytes(path);
            lastModified = Files.getLastModifiedTime(path).toInstant();
        } catch (NoSuchFileException e) {
            throw OperatorException.environment("no file " + path, e);
        } catch (IOException e) {
            throw OperatorException.environment("cannot read " + path + ": " + e.getMessage(), e);
        }
        return new ImportFile(path, text(path, bytes), format(path, format), lastModified, digest(bytes));
    }

    /** Its rows, in order; a CSV header must name only the known columns and every key column. */
    List<SourceRow> rows(Set<String> knownColumns, List<String> keyColumns) {
        if (format == ImportFormat.JSONL) {
            return JsonLinesRows.read(text);
        }
        var table = CsvRows.read(text);
        FileRows.checkColumns(table.columns(), knownColumns, keyColumns);
        return table.rows();
    }

    private static ImportFormat format(Path path, Optional<String> given) {
        if (given.isPresent()) {
            return switch (given.get().toLowerCase(Locale.ROOT)) {
                case "csv" -> ImportFormat.CSV;
                case "jsonl", "ndjson", "json" -> ImportFormat.JSONL;
                default -> throw OperatorException.environment("--format must be csv or jsonl, got " + given.get());
            };
        }
        return ImportFormat.byExtension(path).orElseThrow(() -> OperatorException.environment(
                "cannot tell the format of " + path + " from its name: pass --format csv or --format jsonl"));
    }

    private static String text(Path path, byte[] bytes) {
        try {
            return StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT).onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(bytes)).toString();
        } catch (CharacterCodingException e) {
            throw OperatorException.environment(path + " is not UTF-8 text; nothing was sent", e);
        }
    }

    /** The first 12 hex digits of the file's SHA-256: names the import in each message's correlationId. */
    private static String digest(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes), 0, 6);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime ships SHA-256", e);
        }
    }
}
