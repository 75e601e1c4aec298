package io.tourists.ops.db;

import io.tourists.db.Migrations;
import io.tourists.json.Json;
import io.tourists.ops.internal.CliContext;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.Callable;
import org.flywaydb.core.api.MigrationInfo;
import org.flywaydb.core.api.MigrationState;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code tourists db status}: which migrations are applied and which are pending. */
@Command(name = "status", mixinStandardHelpOptions = true,
        description = "List the schema migrations: applied (with when) and pending. Changes nothing.")
final class StatusCommand implements Callable<Integer> {

    @Mixin
    DbOptions db;

    @Option(names = "--json", description = "print one JSON object")
    boolean json;

    private final CliContext context;

    StatusCommand(CliContext context) {
        this.context = context;
    }

    @Override
    public Integer call() {
        try (var database = DatabaseSession.open(context, db)) {
            List<MigrationInfo> migrations = database.run("reading the migration history",
                    dataSource -> Arrays.asList(Migrations.flyway(dataSource).info().all()));
            var current = migrations.stream().filter(info -> info.getState().isApplied() && info.getVersion() != null)
                    .reduce((first, second) -> second).map(info -> info.getVersion().getVersion()).orElse("none");
            long pending = migrations.stream().filter(info -> info.getState() == MigrationState.PENDING).count();
            if (json) {
                var root = Json.MAPPER.createObjectNode().put("database", database.url()).put("current", current)
                        .put("pending", pending);
                var list = root.putArray("migrations");
                migrations.forEach(info -> {
                    var node = list.addObject()
                            .put("version", info.getVersion() == null ? null : info.getVersion().getVersion())
                            .put("description", info.getDescription())
                            .put("state", info.getState().getDisplayName());
                    if (info.getInstalledOn() != null) {
                        node.put("installedOn", info.getInstalledOn().toInstant().toString());
                    }
                });
                context.out().println(Json.write(root));
            } else {
                var out = context.out();
                out.printf("%s: schema version %s, %d pending%n", database.url(), current, pending);
                var row = "  %-8s %-32s %-10s %s%n";
                out.printf(row, "version", "description", "state", "installed on");
                migrations.forEach(info -> out.printf(row,
                        info.getVersion() == null ? "-" : info.getVersion().getVersion(),
                        info.getDescription(),
                        info.getState().getDisplayName(),
                        info.getInstalledOn() == null ? "-" : info.getInstalledOn().toInstant().toString()));
            }
            context.out().flush();
            return 0;
        }
    }
}
