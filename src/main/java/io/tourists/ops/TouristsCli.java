package io.tourists.ops;

import io.tourists.ops.db.DbCommand;
import io.tourists.ops.dlq.DlqCommand;
import io.tourists.ops.imports.ImportCommand;
import io.tourists.ops.internal.CliContext;
import io.tourists.ops.internal.CommandFactory;
import io.tourists.ops.internal.FailureHandler;
import io.tourists.ops.load.LoadCommand;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ScopeType;

/**
 * The operator CLI: file imports, the dead-letter queue, the database schema and a load generator, against the
 * local stack or AWS alike. See docs/operators.md for the runbook.
 *
 * <pre>
 * bin/tourists dlq stats
 * mvn -q compile exec:java -Dexec.mainClass=io.tourists.ops.TouristsCli -Dexec.args="dlq stats"
 * </pre>
 *
 * Exit codes: 0 done; 1 refused or partly done (purge not confirmed, no redrive to cancel, a redrive failed,
 * import rows refused) or an unexpected error; 2 wrong usage or environment (unknown queue or file, no
 * credentials, endpoint or database unreachable).
 */
@Command(name = "tourists", mixinStandardHelpOptions = true, version = "tourists operator CLI 0.1.0",
        description = "Operate the tourist pipeline: its dead-letter queue, its database schema, imports and load.",
        subcommands = {DlqCommand.class, DbCommand.class, ImportCommand.class, LoadCommand.class,
                CommandLine.HelpCommand.class},
        usageHelpAutoWidth = true)
public final class TouristsCli {

    @Option(names = FailureHandler.DEBUG_OPTION, scope = ScopeType.INHERIT,
            description = "on failure, print the stack trace too")
    boolean debug;

    /** Plain warnings on stderr instead of the functions' JSON log lines on stdout; set before any logger exists. */
    static final String LOG_CONFIGURATION = "io/tourists/ops/log4j2-cli.xml";

    public static void main(String[] args) {
        if (System.getProperty("log4j2.configurationFile") == null) {
            System.setProperty("log4j2.configurationFile", LOG_CONFIGURATION);
        }
        if (System.getProperty("http.maxConnections") == null) {
            // The JDK keeps 5 idle connections per host; import's parallel senders would reconnect beyond that.
            System.setProperty("http.maxConnections", "100");
        }
        System.exit(run(CliContext.system(), args));
    }

    /** Runs one command line and returns its exit code: what main does, minus the exit. */
    public static int run(CliContext context, String... args) {
        return commandLine(context).execute(args);
    }

    public static CommandLine commandLine(CliContext context) {
        return new CommandLine(new TouristsCli(), new CommandFactory(context))
                .setOut(context.out())
                .setErr(context.err())
                .setExecutionExceptionHandler(new FailureHandler());
    }
}
