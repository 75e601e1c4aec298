package io.tourists.ops.dlq;

import io.tourists.ops.internal.CliContext;
import io.tourists.ops.internal.OperatorException;
import io.tourists.ops.sqs.QueueDepth;
import io.tourists.ops.sqs.SqsQueue;
import io.tourists.ops.sqs.SqsSession;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import software.amazon.awssdk.services.sqs.model.PurgeQueueInProgressException;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;

/**
 * {@code tourists dlq purge}: deletes every message on the dead-letter queue, after the operator types the
 * queue's name. Only the dead-letter queue: emptying the write queue would lose accepted writes.
 */
@Command(name = "purge", mixinStandardHelpOptions = true,
        description = {"Delete every message on the dead-letter queue (PurgeQueue). They cannot be recovered.",
                "Asks first: type the queue's name to confirm. SQS takes up to 60 s to delete them and allows "
                        + "one purge per queue every 60 s."})
final class PurgeCommand extends QueueCommand {

    @Option(names = "--yes", description = "do not ask (for scripts)")
    boolean yes;

    PurgeCommand(CliContext context) {
        super(context);
    }

    @Override
    public Integer call() {
        try (var session = connect()) {
            var queue = session.deadLetterQueue(queues);
            refuseAQueueWithItsOwnDeadLetterQueue(session, queue);
            var depth = QueueDepth.of(session, queue);
            if (depth.total() == 0) {
                context.out().println("nothing to purge: " + queue.name() + " is empty");
                context.out().flush();
                return 0;
            }
            if (!yes) {
                confirm(session, queue, depth);
            }
            try {
                session.sqs().purgeQueue(r -> r.queueUrl(queue.url()));
            } catch (PurgeQueueInProgressException e) {
                throw OperatorException.refused("a purge of " + queue.name()
                        + " started less than 60 s ago (SQS allows one per queue every 60 s); try again in a minute");
            } catch (software.amazon.awssdk.core.exception.SdkException e) {
                throw session.translate("purging " + queue.name(), e);
            }
            context.out().printf("purged %s: SQS deletes its ~%d messages within 60 s%n", queue.name(), depth.total());
            context.out().flush();
            return 0;
        }
    }

    /**
     * A queue with a redrive policy sends its failures somewhere else: it is a write queue, whose messages are
     * accepted writes, never a dead-letter queue. Purging it would lose them.
     */
    private static void refuseAQueueWithItsOwnDeadLetterQueue(SqsSession session, SqsQueue queue) {
        Map<QueueAttributeName, String> attributes;
        try {
            attributes = session.sqs().getQueueAttributes(r -> r.queueUrl(queue.url())
                    .attributeNames(QueueAttributeName.REDRIVE_POLICY)).attributes();
        } catch (software.amazon.awssdk.core.exception.SdkException e) {
            throw session.translate("reading " + queue.name(), e);
        }
        if (attributes.containsKey(QueueAttributeName.REDRIVE_POLICY)) {
            throw OperatorException.refused(queue.name() + " has a dead-letter queue of its own, so it is a write "
                    + "queue: its messages are accepted writes. purge only empties dead-letter queues; nothing "
                    + "was deleted");
        }
    }

    private void confirm(SqsSession session, SqsQueue queue, QueueDepth depth) {
        var err = context.err();
        err.printf("This deletes all ~%d messages on %s at %s. They cannot be recovered.%n",
                depth.total(), queue.name(), session.where());
        err.printf("Type the queue name (%s) to confirm: ", queue.name());
        err.flush();
        String answer;
        try {
            // Not closed: it is the process's standard input.
            answer = new BufferedReader(new InputStreamReader(context.in(), StandardCharsets.UTF_8)).readLine();
        } catch (IOException e) {
            answer = null;
        }
        if (answer == null) {
            err.println();
            throw OperatorException.refused("purge cancelled: no answer on standard input (use --yes in scripts); "
                    + "nothing was deleted");
        }
        if (!answer.strip().equals(queue.name())) {
            throw OperatorException.refused("purge cancelled: '" + answer.strip() + "' is not " + queue.name()
                    + "; nothing was deleted");
        }
    }
}
