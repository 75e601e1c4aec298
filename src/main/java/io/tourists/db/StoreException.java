package io.tourists.db;

import java.sql.SQLException;
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
    public static final class Unavailable extends StoreException {
        public Unavailable(String message, Throwable cause) {
            super(message, cause);
        }
    }

    /** The database refused the data itself (a constraint, a bad value): retrying changes nothing. */
    public static final class Rejected extends StoreException {
        public Rejected(String message, Throwable cause) {
            super(message, cause);
        }

        /** PostgreSQL's SQLSTATE for the refusal (e.g. 23514 for a check constraint), when it gave one. */
        public Optional<String> sqlState() {
            return getCause() instanceof SQLException sql ? Optional.ofNullable(sql.getSQLState()) : Optional.empty();
        }
    }
}
