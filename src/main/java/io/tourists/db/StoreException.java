package io.tourists.db;

import java.util.Optional;

/**
 * What went wrong in the database, in the terms a caller acts on. {@link java.sql.SQLException} stops at
 * the JDBC edge ({@link SqlErrors}); above it there are only these two.
 */
public abstract sealed class StoreException extends RuntimeException
        permits StoreException.Unavailable, StoreException.Rejected {

    private StoreException(String message, Throwable cause) {
        super(message, cause);
    }

    /** The database could not be reached or gave up for now (connection, timeout, deadlock): retry later. */
    public static sealed class Unavailable extends StoreException permits StatementTimeout {
        public Unavailable(String message, Throwable cause) {
            super(message, cause);
        }
    }

    /**
     * The server cancelled the statement (SQLSTATE 57014: its statement_timeout, or an operator's cancel). Like
     * any unavailability it is retried; unlike the others it may come from the statement's size, so a caller
     * may try smaller statements.
     */
    public static final class StatementTimeout extends Unavailable {
        public StatementTimeout(String message) {
            super(message, null);
        }
    }

    /** The database refused the data itself (a constraint, a bad value): retrying changes nothing. */
    public static final class Rejected extends StoreException {
        private final String sqlState;

        /**
         * @param sqlState PostgreSQL's SQLSTATE, or null; kept apart from the cause, which is left out when
         *                 its message may quote the row ({@link SqlErrors})
         */
        public Rejected(String message, String sqlState, Throwable cause) {
            super(message, cause);
            this.sqlState = sqlState;
        }

        /** PostgreSQL's SQLSTATE for the refusal (e.g. 23514 for a check constraint), when it gave one. */
        public Optional<String> sqlState() {
            return Optional.ofNullable(sqlState);
        }
    }
}
