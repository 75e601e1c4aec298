package io.tourists.sync;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.tourists.json.Json;
import java.util.ArrayList;
import java.util.List;

/** Reads JSON Lines: one JSON object per line; blank lines are skipped; a UTF-8 byte order mark is skipped. */
public final class JsonLinesRows {

    private JsonLinesRows() {
    }

    public static List<SourceRow> read(String text) {
        var rows = new ArrayList<SourceRow>();
        var lines = (text.startsWith("\uFEFF") ? text.substring(1) : text).split("\r?\n", -1);
        for (int i = 0; i < lines.length; i++) {
            var line = lines[i];
            if (line.isBlank()) {
                continue;
            }
            try {
                var node = Json.readTree(line);
                rows.add(node instanceof ObjectNode object
                        ? SourceRow.read(i + 1, object)
                        : SourceRow.unreadable(i + 1, "$", "type", "must be a JSON object"));
            } catch (JsonProcessingException e) {
                // The parser's own message quotes the offending text: a tourist's data never goes into a report.
                var where = e.getLocation() == null ? "" : " (column " + e.getLocation().getColumnNr() + ")";
                rows.add(SourceRow.unreadable(i + 1, "$", "malformed", "is not valid JSON" + where));
            }
        }
        return rows;
    }
}
