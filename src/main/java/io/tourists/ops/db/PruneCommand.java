package io.tourists.ops.db;

import io.tourists.db.WritePruning;
import io.tourists.domain.WriteRetention;
import io.tourists.json.Json;
import io.tourists.ops.internal.CliContext;
import io.tourists.ops.internal.OperatorException;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code tourists db prune}: what the scheduled PruneFunction does, on demand; a dry run unless told. */
@Command(name = "prune", mixinStandardHelpOptions = true,
        description = {"Count (and with --apply, delete) write records, rejections and tombstones whose write",
                "occurred before the retention window and one more day. Live tourists are never touched.",
                "Deletes in chunks of " + WritePruning.DEFAULT_CHUNK_SIZE + " rows, each its own short transaction."})
final class PruneCommand implements Callable<Integer> {

    @Mixin
    DbOptions db;

    @Option(names = "--retention-days", paramLabel = "DAYS",
            description = "the consumer's window (default: WRITE_RETENTION_DAYS, else "
                    + WriteRetention.DEFAULT_DAYS + ")")
    Integer retentionDays;

    @Option(names = "--apply", description = "delete; without it nothing is deleted")
    boolean apply;

    @Option(names = "--json", description = "print one JSON object")
    boolean json;

    private final CliContext context;

    PruneCommand(CliContext context) {
        this.context = context;
    }

    @Override
    public Integer call() {
        var retention = retention();
        var before = retention.pruneBefore(context.clock().instant());
        try (var database = DatabaseSession.open(context, db)) {
            var counts = database.run(apply ? "pruning" : "counting what to prune", dataSource -> {
                var pruning = new WritePruning(dataSource, WritePruning.DEFAULT_CHUNK_SIZE);
                return apply ? pruning.prune(before, () -> true) : pruning.count(before);
            });
            if (json) {
                context.out().println(Json.write(Json.MAPPER.createObjectNode()
                        .put("database", database.url()).put("retentionDays", retention.days())
                        .put("before", before.toString()).put("deleted", apply)
                        .put("appliedWrites", counts.appliedWrites()).put("rejections", counts.rejections())
                        .put("tombstones", counts.tombstones())));
            } else {
                var out = context.out();
                out.printf("%s: writes that occurred before %s (%d-day window + 1 day)%n", database.url(), before,
                        retention.days());
                out.printf("  %-24s %d%n", "applied write records", counts.appliedWrites());
                out.printf("  %-24s %d%n", "rejections", counts.rejections());
                out.printf("  %-24s %d%n", "tombstones", counts.tombstones());
                out.println(apply ? "deleted " + counts.total() + " rows"
                        : "dry run: nothing deleted; add --apply to delete");
            }
            context.out().flush();
            return 0;
        }
    }

    private WriteRetention retention() {
        try {
            return retentionDays != null ? WriteRetention.ofDays(retentionDays)
                    : WriteRetention.fromEnvironment(context.environment());
        } catch (IllegalArgumentException e) {
            throw OperatorException.environment(e.getMessage(), e);
        }
    }
}
