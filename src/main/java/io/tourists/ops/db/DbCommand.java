package io.tourists.ops.db;

import picocli.CommandLine.Command;

/** {@code tourists db ...}: the schema of the deployed (or local) database. */
@Command(name = "db", description = "Schema migrations (Flyway) of the tourists database.",
        subcommands = {MigrateCommand.class, StatusCommand.class})
public final class DbCommand {
}
