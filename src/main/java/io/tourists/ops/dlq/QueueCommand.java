package io.tourists.ops.dlq;

import io.tourists.ops.internal.CliContext;
import io.tourists.ops.sqs.AwsOptions;
import io.tourists.ops.sqs.QueueOptions;
import io.tourists.ops.sqs.SqsSession;
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

    SqsSession connect() {
        return SqsSession.open(context, aws);
    }
}
