package io.tourists.ops.db;

import picocli.CommandLine.Command;

/** {@code tourists db ...}: the schema of the deployed (or local) database, and pruning old write records. */
@Command(name = "db", description = "Schema migrations (Flyway) of the tourists database, and pruning.",
        subcommands = {MigrateCommand.class, StatusCommand.class, PruneCommand.class})
public final class DbCommand {
}
