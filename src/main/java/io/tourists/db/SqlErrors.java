package io.tourists.db;

import java.sql.SQLException;
import java.sql.SQLTransientException;
import java.util.Set;

/** Translates JDBC's checked exceptions, once, into retryable or not. */
final class SqlErrors {

    /**
     * SQLSTATE classes that describe the server or the connection rather than the data: 08 connection,
     * 40 transaction rollback (serialization failure, deadlock), 53 insufficient resources, 57 operator
     * intervention (shutdown, statement timeout), 58 system error, and 55P03 lock not available.
     * https://www.postgresql.org/docs/current/errcodes-appendix.html
     */
    private static final Set<String> RETRYABLE_CLASSES = Set.of("08", "40", "53", "57", "58");

    private SqlErrors() {
    }

    static StoreException translate(String action, SQLException e) {
        var state = e.getSQLState();
        var message = action + " failed: " + e.getMessage() + (state == null ? "" : " (SQLSTATE " + state + ")");
        if (e instanceof SQLTransientException || state == null || "55P03".equals(state)
                || RETRYABLE_CLASSES.contains(state.substring(0, Math.min(2, state.length())))) {
            return new StoreException.Unavailable(message, e);
        }
        return new StoreException.Rejected(message, e);
    }
}
