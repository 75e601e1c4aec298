package io.tourists.ops.internal;

/**
 * A failure the operator can act on, said in one line: a wrong queue name, missing credentials, an endpoint or
 * database that cannot be reached. The CLI prints the message alone (the stack trace only with --debug) and
 * exits with {@link #exitCode()}.
 */
public final class OperatorException extends RuntimeException {

    /** The environment or the arguments are wrong: nothing was done. */
    public static final int ENVIRONMENT = 2;
    /** The command ran and the answer is "no": a declined purge, no redrive to cancel, a failed redrive. */
    public static final int REFUSED = 1;

    private final int exitCode;

    private OperatorException(String message, int exitCode, Throwable cause) {
        super(message, cause);
        this.exitCode = exitCode;
    }

    public static OperatorException environment(String message) {
        return new OperatorException(message, ENVIRONMENT, null);
    }

    public static OperatorException environment(String message, Throwable cause) {
        return new OperatorException(message, ENVIRONMENT, cause);
    }

    public static OperatorException refused(String message) {
        return new OperatorException(message, REFUSED, null);
    }

    public int exitCode() {
        return exitCode;
    }
}
