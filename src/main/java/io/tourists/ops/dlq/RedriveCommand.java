package io.tourists.ops.dlq;

import io.tourists.json.Json;
import io.tourists.ops.internal.CliContext;
import io.tourists.ops.internal.OperatorException;
import io.tourists.ops.sqs.QueueDepth;
import io.tourists.ops.sqs.QueuePair;
import io.tourists.ops.sqs.SqsQueue;
import io.tourists.ops.sqs.SqsSession;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import software.amazon.awssdk.services.sqs.model.ListMessageMoveTasksResultEntry;

/**
 * {@code tourists dlq redrive}: puts dead letters back on the write queue with SQS's own message move task, and
 * follows or stops it. The CLI applies nothing itself: the consumer receives the moved messages like any other
 * and applies each writeId at most once, never over a newer version, so a redrive cannot double a write or
 * undo a newer one. Messages that are still invalid are parked again, with their reason.
 *
 * <p>Rules from the API (https://docs.aws.amazon.com/AWSSimpleQueueService/latest/APIReference/API_StartMessageMoveTask.html):
 * the source must be a dead-letter queue; at most 500 messages per second; one active task per queue; a
 * cancelled task keeps what it already moved.
 */
@Command(name = "redrive", mixinStandardHelpOptions = true,
        description = {"Move the dead-letter queue's messages back to the write queue (StartMessageMoveTask), "
                + "where the consumer applies them again: each write at most once, never over a newer one.",
                "With --status, list the recent redrives (ListMessageMoveTasks); with --cancel, stop the running one "
                        + "(CancelMessageMoveTask): messages already moved stay moved."})
final class RedriveCommand extends QueueCommand {

    static final int MAX_RATE = 500;
    static final Duration POLL_EVERY = Duration.ofSeconds(1);

    @Option(names = "--rate", paramLabel = "N", defaultValue = "50",
            description = "move at most N messages per second, 1-500 (default: ${DEFAULT-VALUE})")
    int rate;

    @Option(names = "--to-original-source",
            description = "leave the destination to SQS (each message's original source queue). Only works for "
                    + "messages the redrive policy moved: those the consumer parked were sent to the dead-letter "
                    + "queue directly and have no source SQS knows of. Default: the write queue (--queue)")
    boolean toOriginalSource;

    @Option(names = "--wait", description = "wait until the redrive has finished, printing its progress")
    boolean await;

    @Option(names = "--wait-timeout", paramLabel = "SECONDS", defaultValue = "900",
            description = "with --wait, give up waiting (the redrive goes on) after this long (default: ${DEFAULT-VALUE})")
    int waitTimeoutSeconds;

    @Option(names = "--status", description = "list the recent redrives of the dead-letter queue, newest first")
    boolean status;

    @Option(names = "--cancel", description = "cancel the running redrive")
    boolean cancel;

    @Option(names = "--json", description = "print JSON: one object per task, one per line")
    boolean json;

    RedriveCommand(CliContext context) {
        super(context);
    }

    @Override
    public Integer call() {
        if (status && cancel) {
            throw new ParameterException(spec.commandLine(), "--status and --cancel cannot be combined");
        }
        if (rate < 1 || rate > MAX_RATE) {
            throw new ParameterException(spec.commandLine(), "--rate must be between 1 and " + MAX_RATE + ", got " + rate);
        }
        try (var session = connect()) {
            if (status) {
                return status(session, session.deadLetterQueue(queues));
            }
            if (cancel) {
                return cancel(session, session.deadLetterQueue(queues));
            }
            return start(session, session.queuePair(queues));
        }
    }

    private int start(SqsSession session, QueuePair pair) {
        var source = pair.deadLetterQueue();
        var depth = QueueDepth.of(session, source);
        if (depth.total() == 0) {
            context.out().println("nothing to redrive: " + source.name() + " is empty");
            context.out().flush();
            return 0;
        }
        var latest = MoveTasks.recent(session, source, 1).stream().findFirst();
        if (latest.isPresent() && "RUNNING".equals(latest.get().status())) {
            throw OperatorException.refused("a redrive of " + source.name() + " is already running ("
                    + MoveTasks.progress(latest.get()) + "); follow it with --status or stop it with --cancel");
        }
        var destination = toOriginalSource ? Optional.<SqsQueue>empty() : Optional.of(pair.writeQueue());
        var handle = session.call("starting a redrive of " + source.name(), () -> session.sqs()
                .startMessageMoveTask(r -> r.sourceArn(source.arn())
                        .destinationArn(destination.map(SqsQueue::arn).orElse(null))
                        .maxNumberOfMessagesPerSecond(rate))
                .taskHandle());
        var target = destination.map(SqsQueue::name).orElse("their original source queues");
        if (json) {
            var node = Json.MAPPER.createObjectNode().put("taskHandle", handle).put("source", source.name())
                    .put("destination", target).put("maxMessagesPerSecond", rate).put("messages", depth.total());
            context.out().println(Json.write(node));
        } else {
            context.out().printf("redrive started: ~%d messages from %s to %s, at most %d per second%n",
                    depth.total(), source.name(), target, rate);
            if (depth.inFlight() > 0) {
                context.out().printf("note: %d of them are in flight (being read?): they move once visible again%n",
                        depth.inFlight());
            }
            context.out().println("task handle: " + handle);
            if (!await) {
                context.out().println("follow it with: tourists dlq redrive --status; stop it with: tourists dlq redrive --cancel");
            }
        }
        context.out().flush();
        return await ? await(session, source, handle) : 0;
    }

    private int await(SqsSession session, SqsQueue source, String handle) {
        long deadline = System.nanoTime() + Duration.ofSeconds(waitTimeoutSeconds).toNanos();
        long lastMoved = -1;
        while (true) {
            var task = MoveTasks.recent(session, source, 10).stream()
                    .filter(entry -> handle.equals(entry.taskHandle()))
                    .findFirst();
            if (task.isPresent()) {
                var entry = task.get();
                long moved = Optional.ofNullable(entry.approximateNumberOfMessagesMoved()).orElse(0L);
                if (!MoveTasks.isUnderWay(entry)) {
                    context.err().println(describe(entry));
                    context.err().flush();
                    if ("FAILED".equals(entry.status())) {
                        throw OperatorException.refused("the redrive failed: " + entry.failureReason());
                    }
                    return 0;
                }
                if (moved != lastMoved) {
                    context.err().println(describe(entry));
                    context.err().flush();
                    lastMoved = moved;
                }
            }
            if (System.nanoTime() > deadline) {
                throw OperatorException.refused("stopped waiting after " + waitTimeoutSeconds
                        + " s; the redrive goes on: follow it with --status");
            }
            sleep(POLL_EVERY);
        }
    }

    private int status(SqsSession session, SqsQueue source) {
        var tasks = MoveTasks.recent(session, source, 10);
        if (json) {
            tasks.forEach(task -> context.out().println(Json.write(taskJson(task))));
        } else if (tasks.isEmpty()) {
            context.out().println("no redrive has run on " + source.name());
        } else {
            context.out().println("redrives of " + source.name() + ", newest first:");
            tasks.forEach(task -> context.out().println("  " + describe(task)));
        }
        context.out().flush();
        return 0;
    }

    private int cancel(SqsSession session, SqsQueue source) {
        var running = MoveTasks.recent(session, source, 10).stream().filter(task -> "RUNNING".equals(task.status())).findFirst();
        if (running.isEmpty()) {
            throw OperatorException.refused("no redrive is running on " + source.name());
        }
        var moved = session.call("cancelling the redrive of " + source.name(), () -> session.sqs()
                .cancelMessageMoveTask(r -> r.taskHandle(running.get().taskHandle()))
                .approximateNumberOfMessagesMoved());
        if (json) {
            context.out().println(Json.write(Json.MAPPER.createObjectNode()
                    .put("cancelled", running.get().taskHandle()).put("moved", moved)));
        } else {
            context.out().printf("redrive cancelled: %d messages had moved and stay on the write queue; the rest stay on %s%n",
                    moved == null ? 0 : moved, source.name());
        }
        context.out().flush();
        return 0;
    }

    private static String describe(ListMessageMoveTasksResultEntry task) {
        var started = Optional.ofNullable(task.startedTimestamp()).map(Instant::ofEpochMilli).map(Instant::toString).orElse("?");
        var destination = Optional.ofNullable(task.destinationArn()).map(SqsQueue::nameOf).orElse("original sources");
        var rate = Optional.ofNullable(task.maxNumberOfMessagesPerSecond()).map(r -> r + "/s").orElse("system-optimized");
        return "%s  %-10s %s to %s at %s%s".formatted(started, task.status(), MoveTasks.progress(task),
                destination, rate, task.failureReason() == null ? "" : "; failed: " + task.failureReason());
    }

    private static com.fasterxml.jackson.databind.node.ObjectNode taskJson(ListMessageMoveTasksResultEntry task) {
        var node = Json.MAPPER.createObjectNode()
                .put("taskHandle", task.taskHandle())
                .put("status", task.status())
                .put("sourceArn", task.sourceArn());
        Optional.ofNullable(task.destinationArn()).ifPresent(arn -> node.put("destinationArn", arn));
        Optional.ofNullable(task.startedTimestamp()).ifPresent(ms -> node.put("startedAt", Instant.ofEpochMilli(ms).toString()));
        Optional.ofNullable(task.approximateNumberOfMessagesMoved()).ifPresent(n -> node.put("moved", n));
        Optional.ofNullable(task.approximateNumberOfMessagesToMove()).ifPresent(n -> node.put("toMove", n));
        Optional.ofNullable(task.maxNumberOfMessagesPerSecond()).ifPresent(n -> node.put("maxMessagesPerSecond", n));
        Optional.ofNullable(task.failureReason()).ifPresent(reason -> node.put("failureReason", reason));
        return node;
    }

    private static void sleep(Duration duration) {
        try {
            Thread.sleep(duration);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw OperatorException.refused("interrupted while waiting; the redrive goes on: follow it with --status");
        }
    }
}
