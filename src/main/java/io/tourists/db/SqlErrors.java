package io.tourists.db;

import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Map;
import java.util.Set;
import org.postgresql.util.PSQLException;

/**
 * Translates JDBC's checked exceptions, once, into retryable or not, with a message that holds no data.
 *
 * <p>PostgreSQL's own words may quote the row: a constraint violation's detail is "Failing row contains
 * (..., Ada, Lovelace, ada@example.com, ...)", and a data exception's message quotes the value it could not
 * read ({@code invalid input syntax for type integer: "Lovelace"}). Those messages would reach the logs and the
 * dead-letter queue's {@code failure.detail}. So an error the server sent is described by its SQLSTATE and the
 * names it carries (constraint, table, column, data type), never by its text, and the driver's exception is not
 * kept as the cause (a logged stack trace would print its message). The pool also asks the driver to leave the
 * detail out of its messages ({@code logServerErrorDetail=false}, {@link Databases}).
 */
final class SqlErrors {

    /**
     * Only the data itself is refused for good: class 22 (data exception: a value out of range, a NUL in
     * text) and 23 (integrity constraint violation). Everything else describes the server, the connection or
     * the deployment (a failover's read-only writer 25006, a missing table before a migration 42P01, a
     * permission 42501, a shutdown 57P01) and is retried, so that an outage never parks good writes on the DLQ.
     * https://www.postgresql.org/docs/current/errcodes-appendix.html
     */
    private static final Set<String> DATA_CLASSES = Set.of("22", "23");

    /** query_canceled: what statement_timeout raises. */
    private static final String QUERY_CANCELED = "57014";

    /** The SQLSTATE classes' names, so a log line reads without the appendix at hand. */
    private static final Map<String, String> CLASS_NAMES = Map.ofEntries(
            Map.entry("08", "connection exception"),
            Map.entry("22", "data exception"),
            Map.entry("23", "integrity constraint violation"),
            Map.entry("25", "invalid transaction state"),
            Map.entry("28", "invalid authorization specification"),
            Map.entry("40", "transaction rollback"),
            Map.entry("42", "syntax error or access rule violation"),
            Map.entry("53", "insufficient resources"),
            Map.entry("54", "program limit exceeded"),
            Map.entry("55", "object not in prerequisite state"),
            Map.entry("57", "operator intervention"),
            Map.entry("58", "system error"),
            Map.entry("XX", "internal error"));

    private SqlErrors() {
    }

    static StoreException translate(String action, SQLException e) {
        var state = e.getSQLState();
        var fromServer = e instanceof PSQLException psql && psql.getServerErrorMessage() != null;
        var message = action + " failed: " + describe(e);
        // The driver's exception says where a connection broke, which is worth a stack trace; but one the
        // server sent, or a data error, may quote the row in its message.
        var cause = fromServer || isData(state) ? null : e;
        if (isData(state)) {
            return new StoreException.Rejected(message, state, cause);
        }
        if (QUERY_CANCELED.equals(state)) {
            return new StoreException.StatementTimeout(message);
        }
        return new StoreException.Unavailable(message, cause);
    }

    /**
     * "SQLSTATE 23514 (integrity constraint violation), constraint tourist_no_zed, table tourist" for an error
     * the server sent or a data error; the driver's or the pool's own text otherwise (connection refused, a
     * timeout), which describes the connection, not the data.
     */
    static String describe(SQLException e) {
        var state = e.getSQLState();
        var server = e instanceof PSQLException psql ? psql.getServerErrorMessage() : null;
        if (server == null && !isData(state)) {
            return e.getMessage() + (state == null ? "" : " (SQLSTATE " + state + ")");
        }
        var parts = new ArrayList<String>();
        parts.add(state == null ? "no SQLSTATE" : "SQLSTATE " + state + className(state));
        if (server != null) {
            addIfPresent(parts, "constraint", server.getConstraint());
            addIfPresent(parts, "table", server.getTable());
            addIfPresent(parts, "column", server.getColumn());
            addIfPresent(parts, "type", server.getDatatype());
        }
        return String.join(", ", parts);
    }

    private static boolean isData(String state) {
        return state != null && state.length() >= 2 && DATA_CLASSES.contains(state.substring(0, 2));
    }

    private static String className(String state) {
        var name = state.length() >= 2 ? CLASS_NAMES.get(state.substring(0, 2)) : null;
        return name == null ? "" : " (" + name + ")";
    }

    private static void addIfPresent(java.util.List<String> parts, String name, String value) {
        if (value != null && !value.isBlank()) {
            parts.add(name + " " + value);
        }
    }
}
