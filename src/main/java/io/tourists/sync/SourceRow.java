package io.tourists.sync;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.tourists.domain.FieldError;
import java.util.List;

/**
 * One row of an import file as read, nothing checked yet: its fields, or why it could not even be read.
 *
 * @param line   the file's line number where the row starts (1 is the first line, a CSV header included)
 * @param fields the row's values by column or field name; null when the row could not be read
 * @param errors why the row could not be read (malformed JSON, a wrong number of CSV cells); empty otherwise
 */
public record SourceRow(int line, ObjectNode fields, List<FieldError> errors) {

    public SourceRow {
        errors = List.copyOf(errors);
    }

    public static SourceRow read(int line, ObjectNode fields) {
        return new SourceRow(line, fields, List.of());
    }

    public static SourceRow unreadable(int line, String field, String code, String message) {
        return new SourceRow(line, null, List.of(new FieldError(field, code, message)));
    }
}
