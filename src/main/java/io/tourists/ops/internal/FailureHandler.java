package io.tourists.ops.internal;

import java.io.PrintWriter;
import java.io.StringWriter;
import picocli.CommandLine;
import picocli.CommandLine.IExecutionExceptionHandler;
import picocli.CommandLine.ParseResult;

/**
 * How a command's failure reaches the operator: one line on stderr, and the stack trace only when
 * {@code --debug} was given. An {@link OperatorException} says what to fix; anything else is a bug, said
 * as such.
 */
public final class FailureHandler implements IExecutionExceptionHandler {

    public static final String DEBUG_OPTION = "--debug";
    public static final int UNEXPECTED = 1;

    @Override
    public int handleExecutionException(Exception failure, CommandLine commandLine, ParseResult parseResult) {
        var err = commandLine.getErr();
        int exitCode;
        if (failure instanceof OperatorException operator) {
            err.println("error: " + operator.getMessage());
            exitCode = operator.exitCode();
        } else {
            err.println("error: unexpected " + failure.getClass().getSimpleName() + ": " + firstLine(failure.getMessage())
                    + (debug(parseResult) ? "" : " (run with --debug for the stack trace)"));
            exitCode = UNEXPECTED;
        }
        if (debug(parseResult)) {
            var trace = new StringWriter();
            failure.printStackTrace(new PrintWriter(trace));
            err.print(trace);
        }
        err.flush();
        return exitCode;
    }

    /** --debug is inherited by every subcommand: look for it at each level of the command line. */
    private static boolean debug(ParseResult parseResult) {
        for (var level = parseResult; level != null; level = level.subcommand()) {
            if (level.hasMatchedOption(DEBUG_OPTION)) {
                return true;
            }
        }
        return false;
    }

    static String firstLine(String message) {
        if (message == null) {
            return "(no message)";
        }
        int newline = message.indexOf('\n');
        return newline < 0 ? message : message.substring(0, newline);
    }
}
