package io.tourists.ops.imports;

import io.tourists.json.Json;
import io.tourists.ops.internal.CliContext;
import io.tourists.ops.internal.OperatorException;
import io.tourists.ops.sqs.AwsOptions;
import io.tourists.sync.RunRecord;
import io.tourists.sync.SyncState;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code tourists import status} and {@code tourists import confirm-deletes}: the import function's runs. */
final class SyncCommands {

    private SyncCommands() {
    }

    @Command(name = "status", mixinStandardHelpOptions = true,
            description = {"The last runs of the import function's sources (uploads and the paginated source), newest "
                    + "first, from their run records in the import bucket: rows read, valid, refused (by line or page, "
                    + "never values), unchanged, sent, deletes sent or held.",
                    "Exit codes: 0 the last run of each source completed; 1 a last run failed or held deletes."})
    static final class Status implements Callable<Integer> {

        @Option(names = "--source", paramLabel = "NAME", description = "one source (default: every source in the bucket)")
        String source;

        @Option(names = "--last", paramLabel = "N", defaultValue = "5", description = "runs per source (default: ${DEFAULT-VALUE})")
        int last;

        @Option(names = "--json", description = "print the run records as one JSON array")
        boolean json;

        @Mixin
        SyncOptions sync;

        @Mixin
        AwsOptions aws;

        private final CliContext context;

        Status(CliContext context) {
            this.context = context;
        }

        @Override
        public Integer call() {
            var bucket = sync.bucket(context);
            try (var s3 = sync.s3(context, aws)) {
                var sources = source != null ? List.of(source) : SyncState.sources(s3, bucket);
                var runs = new ArrayList<RunRecord>();
                int exit = 0;
                for (var name : sources) {
                    var lastRuns = new SyncState(s3, bucket, name).lastRuns(Math.max(1, last));
                    if (!lastRuns.isEmpty() && (RunRecord.FAILED.equals(lastRuns.getFirst().outcome())
                            || lastRuns.getFirst().deletesHeld() > 0)) {
                        exit = OperatorException.REFUSED;
                    }
                    runs.addAll(lastRuns);
                }
                if (json) {
                    context.out().println(Json.write(runs));
                } else if (runs.isEmpty()) {
                    context.out().println("no runs recorded in " + bucket + (source != null ? " for source " + source : ""));
                } else {
                    runs.forEach(run -> context.out().println(describe(run)));
                }
                context.out().flush();
                return exit;
            }
        }

        static String describe(RunRecord run) {
            var text = new StringBuilder(String.format("%s  %-9s %s  read %,d  valid %,d  refused %,d  unchanged %,d  "
                            + "sent %,d  deletes %,d sent, %,d held  %.1f s%s", run.finishedAt(), run.outcome(), run.source(),
                    run.rowsRead(), run.valid(), run.refused(), run.unchanged(), run.sent(), run.deletesSent(),
                    run.deletesHeld(), run.durationSeconds(), run.redo() ? "  (redid a run that died)" : ""));
            text.append("\n    ").append(run.trigger()).append(": ").append(run.input());
            if (!run.note().isEmpty()) {
                text.append("\n    ").append(run.note());
            }
            run.refusedRows().stream().limit(10).forEach(row -> text.append("\n    ")
                    .append(row.page() == null ? "line " + row.line() : "page " + row.page() + " row " + row.line())
                    .append(": ").append(row.errors().stream().map(error -> error.field() + ": " + error.message())
                            .collect(Collectors.joining("; "))));
            if (run.refused() > 10) {
                text.append("\n    ... ").append(run.refused() - 10).append(" more refused (--json lists up to ")
                        .append(RunRecord.MAX_REFUSED_LISTED).append(')');
            }
            return text.toString();
        }
    }

    @Command(name = "confirm-deletes", mixinStandardHelpOptions = true,
            description = "Let the next complete run of a source send the deletes it held (more tourists vanished "
                    + "than ImportDeleteShare allows). Used up by that run.")
    static final class ConfirmDeletes implements Callable<Integer> {

        @Option(names = "--source", paramLabel = "NAME", required = true, description = "the source whose deletes to send")
        String source;

        @Mixin
        SyncOptions sync;

        @Mixin
        AwsOptions aws;

        private final CliContext context;

        ConfirmDeletes(CliContext context) {
            this.context = context;
        }

        @Override
        public Integer call() {
            var bucket = sync.bucket(context);
            try (var s3 = sync.s3(context, aws)) {
                var state = new SyncState(s3, bucket, source);
                var last = state.lastRuns(1);
                if (last.isEmpty() || last.getFirst().deletesHeld() == 0) {
                    context.err().println("note: the last run of " + source + " held no deletes; the confirmation "
                            + "still lets the next run delete whatever vanished");
                }
                state.confirmDeletes(context.variable("USER").orElse("an operator"), context.clock().instant());
                context.out().println("confirmed: the next complete run of " + source + " sends its deletes"
                        + last.stream().map(run -> " (the last run held " + run.deletesHeld() + ")").findFirst().orElse(""));
                context.out().flush();
                return 0;
            }
        }
    }
}
