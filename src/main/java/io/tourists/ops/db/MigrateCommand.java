package io.tourists.ops.db;

import io.tourists.db.Migrations;
import io.tourists.json.Json;
import io.tourists.ops.internal.CliContext;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code tourists db migrate}: applies the pending migrations, and says from which version to which. */
@Command(name = "migrate", mixinStandardHelpOptions = true,
        description = {"Apply the pending schema migrations (src/main/resources/db/migration).",
                "Safe to repeat: an up-to-date schema is left alone. Run it before deploying functions that need it."})
final class MigrateCommand implements Callable<Integer> {

    @Mixin
    DbOptions db;

    @Option(names = "--json", description = "print one JSON object")
    boolean json;

    private final CliContext context;

    MigrateCommand(CliContext context) {
        this.context = context;
    }

    @Override
    public Integer call() {
        try (var database = DatabaseSession.open(context, db)) {
            var result = database.run("migrating", dataSource -> Migrations.flyway(dataSource).migrate());
            var from = result.initialSchemaVersion == null ? "empty" : result.initialSchemaVersion;
            var to = result.targetSchemaVersion == null ? from : result.targetSchemaVersion;
            if (json) {
                context.out().println(Json.write(Json.MAPPER.createObjectNode()
                        .put("database", database.url())
                        .put("from", from).put("to", to)
                        .put("applied", result.migrationsExecuted)));
            } else if (result.migrationsExecuted == 0) {
                context.out().println(database.url() + ": schema is up to date at version " + from);
            } else {
                context.out().printf("%s: applied %d migration%s, schema version %s -> %s%n", database.url(),
                        result.migrationsExecuted, result.migrationsExecuted == 1 ? "" : "s", from, to);
            }
            context.out().flush();
            return 0;
        }
    }
}
