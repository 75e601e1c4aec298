package io.tourists.ops.dlq;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.tourists.json.Json;
import io.tourists.ops.internal.CliContext;
import io.tourists.ops.internal.Text;
import io.tourists.ops.sqs.QueueDepth;
import io.tourists.ops.sqs.QueuePair;
import io.tourists.ops.sqs.SqsQueue;
import io.tourists.ops.sqs.SqsSession;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import software.amazon.awssdk.services.sqs.model.MessageSystemAttributeName;

/** {@code tourists dlq stats}: how much is waiting, and for how long, on both queues. */
@Command(name = "stats", mixinStandardHelpOptions = true,
        description = {"Depth, in flight and oldest message age of the write queue and its dead-letter queue.",
                "The oldest age is measured on the dead-letter queue only, by reading up to --scan-max messages "
                        + "(made visible again right after). Reading the write queue would delay the consumer and "
                        + "count toward maxReceiveCount: its oldest age is CloudWatch's ApproximateAgeOfOldestMessage."})
final class StatsCommand extends QueueCommand {

    static final Duration SCAN_VISIBILITY = Duration.ofSeconds(20);

    @Option(names = "--scan-max", paramLabel = "N", defaultValue = "100",
            description = "read at most N dead letters to find the oldest; 0 reads none (default: ${DEFAULT-VALUE})")
    int scanMax;

    @Option(names = "--json", description = "print one JSON object")
    boolean json;

    StatsCommand(CliContext context) {
        super(context);
    }

    /** The oldest message found, and whether every message was read to find it. */
    record Oldest(Duration age, int read, boolean all) {}

    @Override
    public Integer call() {
        try (var session = connect()) {
            var pair = session.queuePair(queues);
            var writeDepth = QueueDepth.of(session, pair.writeQueue());
            var deadDepth = QueueDepth.of(session, pair.deadLetterQueue());
            var oldest = oldest(session, pair.deadLetterQueue(), deadDepth);
            if (json) {
                printJson(session, pair, writeDepth, deadDepth, oldest);
            } else {
                printTable(session, pair, writeDepth, deadDepth, oldest);
            }
            return 0;
        }
    }

    private Optional<Oldest> oldest(SqsSession session, SqsQueue deadLetterQueue, QueueDepth depth) {
        if (scanMax <= 0 || depth.visible() == 0) {
            return Optional.empty();
        }
        var messages = new QueueScan(session, deadLetterQueue.url()).scan(scanMax, SCAN_VISIBILITY);
        var now = context.clock().instant();
        return messages.stream()
                .map(message -> message.attributes().get(MessageSystemAttributeName.SENT_TIMESTAMP))
                .filter(sent -> sent != null)
                .map(sent -> Instant.ofEpochMilli(Long.parseLong(sent)))
                .min(Instant::compareTo)
                .map(sent -> new Oldest(Duration.between(sent, now), messages.size(), messages.size() >= depth.visible()));
    }

    private void printTable(SqsSession session, QueuePair pair, QueueDepth writeDepth, QueueDepth deadDepth,
                            Optional<Oldest> oldest) {
        var out = context.out();
        out.println("at " + session.where());
        var row = "  %-28s %9s %10s %8s  %s%n";
        out.printf(row, "queue", "visible", "in flight", "delayed", "oldest");
        out.printf(row, pair.writeQueue().name(), writeDepth.visible(), writeDepth.inFlight(), writeDepth.delayed(),
                "not read (see CloudWatch ApproximateAgeOfOldestMessage)");
        out.printf(row, pair.deadLetterQueue().name(), deadDepth.visible(), deadDepth.inFlight(), deadDepth.delayed(),
                oldest.map(StatsCommand::describe).orElse(deadDepth.visible() == 0 ? "-" : "not read (--scan-max 0)"));
        pair.writeQueue().redrivePolicy().ifPresentOrElse(policy -> {
            var target = SqsQueue.nameOf(policy.deadLetterTargetArn());
            out.println("redrive policy: after " + policy.maxReceiveCount() + " receives a message moves to " + target);
            if (!pair.isDeadLetterTargetOfWriteQueue()) {
                out.println("note: " + pair.writeQueue().name() + " sends its failures to " + target + ", not to "
                        + pair.deadLetterQueue().name() + ": pass --dlq " + target + "?");
            }
        }, () -> out.println("note: " + pair.writeQueue().name() + " has no redrive policy: failed messages are retried "
                + "until they expire"));
        out.flush();
    }

    private static String describe(Oldest oldest) {
        return Text.age(oldest.age()) + (oldest.all() ? " (all " + oldest.read() + " read)"
                : " or more (" + oldest.read() + " read)");
    }

    private void printJson(SqsSession session, QueuePair pair, QueueDepth writeDepth, QueueDepth deadDepth,
                           Optional<Oldest> oldest) {
        var root = Json.MAPPER.createObjectNode().put("endpoint", session.where());
        var write = queueJson(root.putObject("writeQueue"), pair.writeQueue(), writeDepth);
        pair.writeQueue().redrivePolicy().ifPresent(policy -> write
                .put("maxReceiveCount", policy.maxReceiveCount())
                .put("deadLetterTargetArn", policy.deadLetterTargetArn()));
        write.putNull("oldestAgeSeconds");
        var dead = queueJson(root.putObject("deadLetterQueue"), pair.deadLetterQueue(), deadDepth);
        oldest.ifPresentOrElse(found -> dead
                        .put("oldestAgeSeconds", found.age().toSeconds())
                        .put("oldestRead", found.read())
                        .put("oldestFromAll", found.all()),
                () -> dead.putNull("oldestAgeSeconds"));
        context.out().println(Json.write(root));
        context.out().flush();
    }

    private static ObjectNode queueJson(ObjectNode node, SqsQueue queue, QueueDepth depth) {
        return node.put("name", queue.name()).put("url", queue.url()).put("arn", queue.arn())
                .put("visible", depth.visible()).put("inFlight", depth.inFlight()).put("delayed", depth.delayed());
    }
}
