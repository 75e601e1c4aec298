package io.tourists.sync;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.tourists.json.Json;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;

/**
 * Reads CSV as RFC 4180 writes it: a header row of column names, then one record per line; fields separated by
 * commas; a field in double quotes may hold commas, line breaks and doubled quotes ({@code ""}). Lines end in
 * LF, CRLF or a lone CR (old Mac files), in any mix, and are numbered the same way whichever it is; a UTF-8 byte
 * order mark is skipped. An empty cell is an absent value. Blank lines are skipped.
 */
public final class CsvRows {

    /** The header's column names, and the rows, each numbered by the line it starts on. */
    public record Table(List<String> columns, List<SourceRow> rows) {}

    private final String text;
    private int position;
    private int line = 1;

    private CsvRows(String text) {
        this.text = text.startsWith("\uFEFF") ? text.substring(1) : text;
    }

    public static Table read(String text) {
        return new CsvRows(text).table();
    }

    private Table table() {
        var header = nextRecord();
        while (header != null && header.blank()) {
            header = nextRecord();
        }
        if (header == null) {
            throw new UnreadableFileException("the file is empty: a CSV file starts with a header row naming its columns");
        }
        if (header.error() != null) {
            throw new UnreadableFileException("line " + header.line() + ": the header row " + header.error());
        }
        var columns = header.cells().stream().map(String::strip).toList();
        var seen = new HashSet<String>();
        for (var column : columns) {
            if (column.isEmpty()) {
                throw new UnreadableFileException("line " + header.line() + ": the header row has an empty column name");
            }
            if (!seen.add(column)) {
                throw new UnreadableFileException("line " + header.line() + ": the header row names " + column + " twice");
            }
        }
        var rows = new ArrayList<SourceRow>();
        for (var record = nextRecord(); record != null; record = nextRecord()) {
            if (record.blank()) {
                continue;
            }
            if (record.error() != null) {
                rows.add(SourceRow.unreadable(record.line(), "$", "malformed", record.error()));
            } else if (record.cells().size() != columns.size()) {
                rows.add(SourceRow.unreadable(record.line(), "$", "malformed", "has " + record.cells().size()
                        + " cells; the header has " + columns.size()));
            } else {
                rows.add(SourceRow.read(record.line(), fields(columns, record.cells())));
            }
        }
        return new Table(columns, rows);
    }

    private static ObjectNode fields(List<String> columns, List<String> cells) {
        var node = Json.MAPPER.createObjectNode();
        for (int i = 0; i < columns.size(); i++) {
            if (!cells.get(i).isEmpty()) {
                node.put(columns.get(i), cells.get(i));
            }
        }
        return node;
    }

    /** One record: its cells, or what is wrong with its quoting. */
    private record Record(int line, List<String> cells, String error) {
        boolean blank() {
            return error == null && cells.size() == 1 && cells.getFirst().isBlank();
        }
    }

    private Record nextRecord() {
        if (position >= text.length()) {
            return null;
        }
        int startLine = line;
        var cells = new ArrayList<String>();
        var cell = new StringBuilder();
        boolean quoted = false;
        boolean wasQuoted = false;
        while (position < text.length()) {
            char c = text.charAt(position++);
            if (quoted) {
                if (c == '"') {
                    if (position < text.length() && text.charAt(position) == '"') {
                        cell.append('"');
                        position++;
                    } else {
                        quoted = false;
                    }
                } else {
                    cell.append(c);
                    if (endsLine(c)) {
                        if (c == '\r' && position < text.length() && text.charAt(position) == '\n') {
                            cell.append(text.charAt(position++));
                        }
                        line++;
                    }
                }
            } else if (c == '"') {
                if (cell.isEmpty() && !wasQuoted) {
                    quoted = true;
                    wasQuoted = true;
                } else {
                    skipToEndOfLine();
                    return new Record(startLine, List.of(), "has a double quote inside an unquoted cell "
                            + "(cell " + (cells.size() + 1) + "): quote the whole cell and double the quote");
                }
            } else if (c == ',') {
                cells.add(cell.toString());
                cell.setLength(0);
                wasQuoted = false;
            } else if (endsLine(c)) {
                skipLineFeedAfter(c);
                line++;
                cells.add(cell.toString());
                return new Record(startLine, cells, null);
            } else if (wasQuoted) {
                skipToEndOfLine();
                return new Record(startLine, List.of(), "has text after a quoted cell's closing quote (cell "
                        + (cells.size() + 1) + ")");
            } else {
                cell.append(c);
            }
        }
        if (quoted) {
            return new Record(startLine, List.of(), "opens a quoted cell that is never closed (cell "
                    + (cells.size() + 1) + ")");
        }
        cells.add(cell.toString());
        return new Record(startLine, cells, null);
    }

    /** After a malformed cell, the rest of its line: up to the same line ends a good record stops at. */
    private void skipToEndOfLine() {
        while (position < text.length()) {
            char c = text.charAt(position++);
            if (endsLine(c)) {
                skipLineFeedAfter(c);
                line++;
                return;
            }
        }
    }

    private static boolean endsLine(char c) {
        return c == '\n' || c == '\r';
    }

    /** A CR followed by LF is one line end, not two. */
    private void skipLineFeedAfter(char c) {
        if (c == '\r' && position < text.length() && text.charAt(position) == '\n') {
            position++;
        }
    }
}
