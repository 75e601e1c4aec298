package io.tourists.ops.dlq;

import io.tourists.ops.sqs.SqsQueue;
import io.tourists.ops.sqs.SqsSession;
import java.util.List;
import java.util.Optional;
import software.amazon.awssdk.services.sqs.model.ListMessageMoveTasksResultEntry;

/** SQS's message move tasks (redrives) of one dead-letter queue, as ListMessageMoveTasks reports them. */
final class MoveTasks {

    private MoveTasks() {
    }

    /** The most recent tasks, newest first (SQS keeps at most 10). */
    static List<ListMessageMoveTasksResultEntry> recent(SqsSession session, SqsQueue source, int max) {
        return session.call("listing the redrives of " + source.name(), () -> session.sqs()
                .listMessageMoveTasks(r -> r.sourceArn(source.arn()).maxResults(max)).results());
    }

    /** The task that is moving messages now, or being cancelled (it may still move some). */
    static Optional<ListMessageMoveTasksResultEntry> underWay(SqsSession session, SqsQueue source) {
        return recent(session, source, 10).stream().filter(MoveTasks::isUnderWay).findFirst();
    }

    static boolean isUnderWay(ListMessageMoveTasksResultEntry task) {
        return "RUNNING".equals(task.status()) || "CANCELLING".equals(task.status());
    }

    /** "moved 7 of 31": SQS's approximate counts, "?" where it gives none. */
    static String progress(ListMessageMoveTasksResultEntry task) {
        return "moved " + Optional.ofNullable(task.approximateNumberOfMessagesMoved()).orElse(0L) + " of "
                + Optional.ofNullable(task.approximateNumberOfMessagesToMove()).map(String::valueOf).orElse("?");
    }
}
