package io.tourists.ops.dlq;

import io.tourists.ops.CliContext;
import java.util.concurrent.Callable;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** What every {@code dlq} command shares: where SQS is, which queues, and the terminal. */
abstract class QueueCommand implements Callable<Integer> {

    @Mixin
    AwsOptions aws;

    @Mixin
    QueueOptions queues;

    @Spec
    CommandSpec spec;

    final CliContext context;

    QueueCommand(CliContext context) {
        this.context = context;
    }

    SqsConnection connect() {
        return SqsConnection.open(context, aws);
    }
}
