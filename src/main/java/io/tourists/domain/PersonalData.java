package io.tourists.domain;

/**
 * A value that holds a person's data (names, email, date of birth, passport). Its {@code toString()} names none
 * of it, only ids, and log fields ({@code config/LogFields}) print that string instead of expanding the
 * record's components: a log line, an exception message or a debugger's view never carries the data by accident.
 */
public interface PersonalData {

    /** The text such a value prints instead of its fields. */
    static String redacted(String type, String ids) {
        return type + "[" + (ids.isEmpty() ? "" : ids + ", ") + "personal data redacted]";
    }
}
