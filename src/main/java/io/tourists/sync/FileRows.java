package io.tourists.sync;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * A CSV or JSON Lines file read as a stream, whatever its size: lines are gathered into chunks of about
 * {@value #CHUNK_LINES} lines, each parsed by {@link CsvRows} (with the header row) or {@link JsonLinesRows}, and
 * handed over with the file's own line numbers. A CSV chunk ends only at a line end outside quotes, so a quoted
 * cell with line breaks stays whole. (A file whose lines end in CR alone is one line to this splitter: it is
 * parsed as one chunk, with CsvRows' line numbers.)
 */
public final class FileRows implements RowSource {

    static final int CHUNK_LINES = 5_000;

    private final String input;
    private final ImportFormat format;
    private final Supplier<InputStream> open;

    /** @param input names the file and its version, e.g. {@code s3://bucket/key#etag} */
    public FileRows(String input, ImportFormat format, Supplier<InputStream> open) {
        this.input = input;
        this.format = format;
        this.open = open;
    }

    @Override
    public String input() {
        return input;
    }

    @Override
    public void read(Set<String> knownColumns, List<String> keyColumns, Consumer<Part> parts) {
        var decoder = StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT).onUnmappableCharacter(CodingErrorAction.REPORT);
        try (var stream = open.get();
             var reader = new BufferedReader(new InputStreamReader(stream, decoder), 1 << 16)) {
            var lines = new Lines(reader);
            if (format == ImportFormat.JSONL) {
                readJsonLines(lines, parts);
            } else {
                readCsv(lines, knownColumns, keyColumns, parts);
            }
        } catch (CharacterCodingException e) {
            throw new UnreadableFileException("the file is not UTF-8 text");
        } catch (IOException e) {
            throw new UnreadableSourceException("cannot read " + input + ": " + e.getMessage(), e);
        }
    }

    private static void readJsonLines(Lines lines, Consumer<Part> parts) throws IOException {
        while (true) {
            int first = lines.number + 1;
            var chunk = new StringBuilder();
            int count = 0;
            for (String line; count < CHUNK_LINES && (line = lines.next()) != null; count++) {
                chunk.append(line).append('\n');
            }
            if (count == 0) {
                return;
            }
            parts.accept(new Part(null, shift(JsonLinesRows.read(chunk.toString()), first - 1)));
        }
    }

    private static void readCsv(Lines lines, Set<String> knownColumns, List<String> keyColumns, Consumer<Part> parts)
            throws IOException {
        var header = new StringBuilder();
        int headerLines = 0;
        while (header.toString().isBlank() || quotes(header) % 2 != 0) {
            var line = lines.next();
            if (line == null) {
                break;
            }
            header.append(line).append('\n');
            headerLines++;
        }
        var table = CsvRows.read(header.toString());
        checkColumns(table.columns(), knownColumns, keyColumns);
        if (!table.rows().isEmpty()) {
            // Lines ended by CR alone: the "header line" was the whole file, rows and all.
            parts.accept(new Part(null, table.rows()));
        }
        while (true) {
            int first = lines.number + 1;
            var chunk = new StringBuilder(header);
            int count = 0;
            int quotes = 0;
            for (String line; (line = lines.next()) != null; ) {
                chunk.append(line).append('\n');
                count++;
                quotes += quotes(line);
                if (count >= CHUNK_LINES && quotes % 2 == 0) {
                    break;
                }
            }
            if (count == 0) {
                return;
            }
            parts.accept(new Part(null, shift(CsvRows.read(chunk.toString()).rows(), first - headerLines - 1)));
        }
    }

    /**
     * A CSV header must name only the known columns, and every key column: otherwise the file as a whole cannot
     * be imported.
     */
    public static void checkColumns(List<String> columns, Set<String> knownColumns, List<String> keyColumns) {
        var unknown = columns.stream().filter(column -> !knownColumns.contains(column)).toList();
        if (!unknown.isEmpty()) {
            throw new UnreadableFileException("line 1: unknown column" + (unknown.size() > 1 ? "s " : " ")
                    + String.join(", ", unknown) + "; the columns are " + String.join(", ", knownColumns)
                    + " (pass --key to use other columns for the touristId)");
        }
        var missingKeys = keyColumns.stream().filter(column -> !columns.contains(column)).toList();
        if (!missingKeys.isEmpty()) {
            throw new UnreadableFileException("line 1: the header has no key column " + String.join(", ", missingKeys));
        }
    }

    /** Double quotes in the text: an even count ends outside a quoted cell (a doubled quote counts twice). */
    private static int quotes(CharSequence text) {
        int quotes = 0;
        for (int i = 0; i < text.length(); i++) {
            if (text.charAt(i) == '"') {
                quotes++;
            }
        }
        return quotes;
    }

    private static List<SourceRow> shift(List<SourceRow> rows, int by) {
        var shifted = new ArrayList<SourceRow>(rows.size());
        rows.forEach(row -> shifted.add(new SourceRow(row.line() + by, row.fields(), row.errors())));
        return shifted;
    }

    /** Lines ended by LF (a CR before it stays, for the parsers to see CRLF); a leading byte order mark is dropped. */
    private static final class Lines {
        final BufferedReader reader;
        int number;
        final StringBuilder line = new StringBuilder();

        Lines(BufferedReader reader) throws IOException {
            this.reader = reader;
            reader.mark(1);
            if (reader.read() != '\uFEFF') {
                reader.reset();
            }
        }

        String next() throws IOException {
            line.setLength(0);
            int c;
            while ((c = reader.read()) != -1 && c != '\n') {
                line.append((char) c);
            }
            if (c == -1 && line.isEmpty()) {
                return null;
            }
            // Numbered as CsvRows numbers them: a CR alone ends a line too.
            number++;
            for (int i = 0; i < line.length() - 1; i++) {
                if (line.charAt(i) == '\r' && line.charAt(i + 1) != '\n') {
                    number++;
                }
            }
            return line.toString();
        }
    }
}
