package io.tourists.domain;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Iterator;
import java.util.List;

/**
 * Field errors for the unknown field names of a sender's JSON object. Those names are the sender's text, and
 * they reach log lines, the dead-letter queue's attributes and the write status API: so at most
 * {@value #MAX_REPORTED} are reported (then one error says how many more there were), each cut to
 * {@value #MAX_NAME_LENGTH} characters, and every character outside letters, digits and {@code _-.$} (control
 * characters, quotes, spaces, non-ASCII) replaced by {@code ?}.
 */
public final class UnknownFields {

    public static final int MAX_REPORTED = 5;
    public static final int MAX_NAME_LENGTH = 64;
    public static final String CODE = "unknown";

    private UnknownFields() {
    }

    /** One error per name not in {@code known}, within the limits above; {@code message}: "is not a ... field". */
    public static List<FieldError> errors(Iterator<String> names, Collection<String> known, String message) {
        var errors = new ArrayList<FieldError>();
        int unknown = 0;
        while (names.hasNext()) {
            var name = names.next();
            if (known.contains(name)) {
                continue;
            }
            if (++unknown <= MAX_REPORTED) {
                errors.add(new FieldError(safe(name), CODE, message));
            }
        }
        if (unknown > MAX_REPORTED) {
            errors.add(new FieldError("$", CODE, "has " + (unknown - MAX_REPORTED) + " more unknown fields"));
        }
        return errors;
    }

    /** The name with only safe characters, cut to {@value #MAX_NAME_LENGTH} (ending "..." when cut). */
    static String safe(String name) {
        var cut = name.length() > MAX_NAME_LENGTH;
        var kept = cut ? name.substring(0, MAX_NAME_LENGTH - 3) : name;
        var safe = new StringBuilder(kept.length() + 3);
        kept.chars().forEach(c -> safe.append(c < 128 && (Character.isLetterOrDigit(c) || "_-.$".indexOf(c) >= 0)
                ? (char) c : '?'));
        return cut ? safe.append("...").toString() : safe.toString();
    }
}
