package io.tourists.bench;

import java.util.ArrayList;
import java.util.List;

/** A titled table of figures, printed aligned for the terminal and as Markdown for BENCHMARKS.md. */
record Table(String title, List<String> headers, List<List<String>> rows) {

    Table {
        headers = List.copyOf(headers);
        int columns = headers.size();
        rows = rows.stream().map(row -> {
            if (row.size() != columns) {
                throw new IllegalArgumentException("a row of " + row.size() + " cells under " + columns + " headers");
            }
            return List.copyOf(row);
        }).toList();
    }

    static Table of(String title, String... headers) {
        return new Table(title, List.of(headers), new ArrayList<>());
    }

    Table with(Object... cells) {
        var all = new ArrayList<>(rows);
        all.add(java.util.Arrays.stream(cells).map(String::valueOf).toList());
        return new Table(title, headers, all);
    }

    String text() {
        var widths = new int[headers.size()];
        for (int i = 0; i < widths.length; i++) {
            widths[i] = headers.get(i).length();
            for (var row : rows) {
                widths[i] = Math.max(widths[i], row.get(i).length());
            }
        }
        var out = new StringBuilder(title).append('\n');
        line(out, headers, widths);
        for (int i = 0; i < widths.length; i++) {
            out.append(i == 0 ? "" : "  ").append("-".repeat(widths[i]));
        }
        out.append('\n');
        rows.forEach(row -> line(out, row, widths));
        return out.toString();
    }

    private static void line(StringBuilder out, List<String> cells, int[] widths) {
        for (int i = 0; i < widths.length; i++) {
            var cell = cells.get(i);
            // Text left, figures right: the first column names the row.
            out.append(i == 0 ? "" : "  ")
                    .append(i == 0 ? cell + " ".repeat(widths[i] - cell.length()) : " ".repeat(widths[i] - cell.length()) + cell);
        }
        out.append('\n');
    }

    String markdown() {
        var out = new StringBuilder();
        out.append("| ").append(String.join(" | ", headers)).append(" |\n|");
        for (int i = 0; i < headers.size(); i++) {
            out.append(i == 0 ? "---|" : "---:|");
        }
        out.append('\n');
        rows.forEach(row -> out.append("| ").append(String.join(" | ", row.stream().map(c -> c.replace("|", "\\|")).toList()))
                .append(" |\n"));
        return out.toString();
    }
}
