package io.tourists.ops.dlq;

import picocli.CommandLine.Command;

/** {@code tourists dlq ...}: the dead-letter queue of the write path. */
@Command(name = "dlq",
        description = "Inspect the dead-letter queue and put its messages back on the write queue.",
        subcommands = {StatsCommand.class, PeekCommand.class, RedriveCommand.class, PurgeCommand.class})
public final class DlqCommand {
}
