package io.tourists.db;

import java.sql.SQLException;
import java.util.Set;

/** Translates JDBC's checked exceptions, once, into retryable or not. */
final class SqlErrors {

    /**
     * Only the data itself is refused for good: class 22 (data exception: a value out of range, a NUL in
     * text) and 23 (integrity constraint violation). Everything else describes the server, the connection or
     * the deployment (a failover's read-only writer 25006, a missing table before a migration 42P01, a
     * permission 42501, a shutdown 57P01) and is retried, so that an outage never parks good writes on the DLQ.
     * https://www.postgresql.org/docs/current/errcodes-appendix.html
     */
    private static final Set<String> DATA_CLASSES = Set.of("22", "23");

    private SqlErrors() {
    }

    static StoreException translate(String action, SQLException e) {
        var state = e.getSQLState();
        var message = action + " failed: " + e.getMessage() + (state == null ? "" : " (SQLSTATE " + state + ")");
        if (state != null && state.length() >= 2 && DATA_CLASSES.contains(state.substring(0, 2))) {
            return new StoreException.Rejected(message, e);
        }
        return new StoreException.Unavailable(message, e);
    }
}
