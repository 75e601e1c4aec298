package io.tourists.ops.dlq;

import io.tourists.ops.internal.CliContext;
import io.tourists.ops.internal.OperatorException;
import io.tourists.ops.sqs.QueueDepth;
import io.tourists.ops.sqs.QueuePair;
import io.tourists.ops.sqs.SqsQueue;
import io.tourists.ops.sqs.SqsSession;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.sqs.model.PurgeQueueInProgressException;

/**
 * {@code tourists dlq purge}: deletes every message on the dead-letter queue, after the operator types the
 * queue's name. It purges only the write queue's dead-letter target, and never while a redrive is moving its
 * messages: emptying a write queue would lose accepted writes, and purging during a redrive would delete
 * messages on their way back.
 */
@Command(name = "purge", mixinStandardHelpOptions = true,
        description = {"Delete every message on the dead-letter queue (PurgeQueue). They cannot be recovered.",
                "Asks first: type the queue's name to confirm. Refuses a queue that is not the write queue's "
                        + "dead-letter target (deadLetterTargetArn in its RedrivePolicy), and refuses while a "
                        + "redrive of it is running. SQS takes up to 60 s to delete the messages and allows one "
                        + "purge per queue every 60 s."})
final class PurgeCommand extends QueueCommand {

    @Option(names = "--yes", description = "do not ask (for scripts)")
    boolean yes;

    PurgeCommand(CliContext context) {
        super(context);
    }

    @Override
    public Integer call() {
        try (var session = connect()) {
            var pair = session.queuePair(queues);
            var queue = pair.deadLetterQueue();
            refuseAnythingButTheDeadLetterTarget(pair);
            refuseWhileARedriveRuns(session, queue);
            var depth = QueueDepth.of(session, queue);
            if (depth.total() == 0) {
                context.out().println("nothing to purge: " + queue.name() + " is empty");
                context.out().flush();
                return 0;
            }
            if (!yes) {
                confirm(session, queue, depth);
                // The operator may have taken a while to answer: a redrive started meanwhile still wins.
                refuseWhileARedriveRuns(session, queue);
            }
            try {
                session.sqs().purgeQueue(r -> r.queueUrl(queue.url()));
            } catch (PurgeQueueInProgressException e) {
                throw OperatorException.refused("a purge of " + queue.name()
                        + " started less than 60 s ago (SQS allows one per queue every 60 s); try again in a minute");
            } catch (SdkException e) {
                throw session.translate("purging " + queue.name(), e);
            }
            context.out().printf("purged %s: SQS deletes its ~%d messages within 60 s%n", queue.name(), depth.total());
            context.out().flush();
            return 0;
        }
    }

    /**
     * Only the queue that the write queue's RedrivePolicy names as its deadLetterTargetArn may be purged. A queue
     * with a redrive policy of its own is a write queue (its messages are accepted writes); any other queue is
     * not this pipeline's dead-letter queue.
     */
    private static void refuseAnythingButTheDeadLetterTarget(QueuePair pair) {
        var queue = pair.deadLetterQueue();
        var writeQueue = pair.writeQueue();
        if (queue.redrivePolicy().isPresent()) {
            throw OperatorException.refused(queue.name() + " has a dead-letter queue of its own, so it is a write "
                    + "queue: its messages are accepted writes. purge only empties the write queue's dead-letter "
                    + "queue; nothing was deleted");
        }
        if (!pair.isDeadLetterTargetOfWriteQueue()) {
            var actual = writeQueue.redrivePolicy()
                    .map(policy -> writeQueue.name() + " sends its failures to "
                            + SqsQueue.nameOf(policy.deadLetterTargetArn()))
                    .orElse(writeQueue.name() + " has no redrive policy");
            throw OperatorException.refused(queue.name() + " is not the dead-letter queue of " + writeQueue.name()
                    + " (" + actual + "). purge only empties the queue named as deadLetterTargetArn in the write "
                    + "queue's RedrivePolicy; nothing was deleted");
        }
    }

    /** A redrive moves messages back to the write queue: purging meanwhile would delete writes on their way back. */
    private static void refuseWhileARedriveRuns(SqsSession session, SqsQueue queue) {
        MoveTasks.underWay(session, queue).ifPresent(task -> {
            throw OperatorException.refused("a redrive of " + queue.name() + " is " + task.status().toLowerCase()
                    + " (" + MoveTasks.progress(task) + "): wait for it to finish (tourists dlq redrive --status) "
                    + "or cancel it (tourists dlq redrive --cancel) first; nothing was deleted");
        });
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
