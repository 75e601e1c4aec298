package io.tourists.config;

/** Log context keys shared by the functions. */
public final class LogKeys {

    /** Printed as {@code correlation_id} by Powertools' JSON layout, on every line logged while it is set. */
    public static final String CORRELATION_ID = "correlation_id";

    private LogKeys() {
    }
}
