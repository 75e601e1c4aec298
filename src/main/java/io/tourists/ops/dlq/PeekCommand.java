package io.tourists.ops.dlq;

import io.tourists.domain.FieldError;
import io.tourists.domain.TouristWrite;
import io.tourists.json.Json;
import io.tourists.ops.internal.CliContext;
import io.tourists.ops.internal.Text;
import io.tourists.ops.sqs.QueueDepth;
import io.tourists.queue.WriteEnvelope;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.UUID;
import java.util.stream.Collectors;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;

/** {@code tourists dlq peek}: what is on the dead-letter queue and why, without taking anything off it. */
@Command(name = "peek", mixinStandardHelpOptions = true,
        description = {"Show messages on the dead-letter queue, decoded, with the reason they failed.",
                "Nothing is deleted. SQS can only show a message by receiving it: each message read is hidden from "
                        + "others while the peek runs (at most --visibility seconds), made visible again when it "
                        + "ends, and its receive count on the dead-letter queue goes up by one."})
final class PeekCommand extends QueueCommand {

    @Option(names = "--max", paramLabel = "N", defaultValue = "50",
            description = "read at most N messages, 1-1000 (default: ${DEFAULT-VALUE})")
    int max;

    @Option(names = "--reason", paramLabel = "CODE",
            description = "only messages with this reason, e.g. invalid-message, rejected-by-database, retries-exhausted")
    String reason;

    @Option(names = "--tourist-id", paramLabel = "UUID", description = "only messages about this tourist")
    UUID touristId;

    @Option(names = "--visibility", paramLabel = "SECONDS", defaultValue = "30",
            description = "how long a message read stays hidden if the peek cannot release it, 5-300 (default: ${DEFAULT-VALUE})")
    int visibilitySeconds;

    @Option(names = "--json", description = "print one JSON object per message, one per line (a summary goes to stderr)")
    boolean json;

    PeekCommand(CliContext context) {
        super(context);
    }

    @Override
    public Integer call() {
        if (max < 1 || max > 1_000) {
            throw new ParameterException(spec.commandLine(), "--max must be between 1 and 1000, got " + max);
        }
        if (visibilitySeconds < 5 || visibilitySeconds > 300) {
            throw new ParameterException(spec.commandLine(),
                    "--visibility must be between 5 and 300 seconds, got " + visibilitySeconds);
        }
        try (var session = connect()) {
            var deadLetterQueue = session.deadLetterQueue(queues);
            var depth = QueueDepth.of(session, deadLetterQueue);
            var envelope = WriteEnvelope.withRules(context.clock());
            var read = new QueueScan(session, deadLetterQueue.url()).scan(max, Duration.ofSeconds(visibilitySeconds));
            var matching = read.stream()
                    .map(message -> PeekedMessage.of(message, envelope))
                    .filter(message -> reason == null || reason.equals(message.reason()))
                    .filter(message -> touristId == null || message.touristId().filter(touristId::equals).isPresent())
                    .sorted(Comparator.comparing(message -> message.sentAt().orElse(Instant.EPOCH)))
                    .toList();
            var summary = "%s at %s: read %d of ~%d messages%s, %d shown; each was hidden while being read and is visible again"
                    .formatted(deadLetterQueue.name(), session.where(), read.size(), depth.visible() + depth.inFlight(),
                            read.size() < depth.visible() ? " (raise --max to read more)" : "", matching.size());
            if (json) {
                matching.forEach(message -> context.out().println(Json.write(message.toJson())));
                context.err().println(summary);
            } else {
                context.out().println(summary);
                for (int i = 0; i < matching.size(); i++) {
                    print(i + 1, matching.get(i));
                }
            }
            context.out().flush();
            context.err().flush();
            return 0;
        }
    }

    private void print(int index, PeekedMessage message) {
        var out = context.out();
        var now = context.clock().instant();
        out.println();
        out.printf("[%d] %s  %s%n", index, message.reasonText(), message.messageId());
        out.printf("    on the dead-letter queue %s, received %dx there (peeks included)%n",
                message.sentAt().map(sent -> "for " + Text.age(Duration.between(sent, now))).orElse("(no sent time)"),
                message.receiveCount());
        message.detail().ifPresent(detail -> out.println("    detail:  " + detail.replaceAll("\\s*\\R\\s*", " ")));
        if (message.reasonRecorded()) {
            out.printf("    source:  message %s, received %s on the write queue, first seen %s%n",
                    message.sourceMessageId().orElse("?"),
                    message.sourceReceiveCount().map(count -> count + "x").orElse("?"),
                    message.firstSeen().map(Instant::toString).orElse("?"));
        } else {
            out.println("    source:  moved by the write queue's redrive policy after maxReceiveCount failed receives;"
                    + " first received " + message.firstSeen().map(Instant::toString).orElse("?"));
        }
        message.correlationId().ifPresent(id -> out.println("    correlation id: " + id));
        message.write().ifPresentOrElse(write -> {
            out.println("    write:   " + describe(write));
            out.println("    body:    " + message.body());
            out.println("    now:     valid: a redrive applies it, unless the same write or a newer one got there first");
        }, () -> {
            out.println("    body:    " + message.body());
            out.println("    now:     invalid: a redrive parks it again (" + describe(message.errors()) + ")");
        });
    }

    private static String describe(TouristWrite write) {
        return "%s tourist %s, write %s, occurred %s".formatted(
                WriteEnvelope.typeOf(write), write.touristId(), write.writeId(), write.occurredAt());
    }

    private static String describe(List<FieldError> errors) {
        return errors.stream().map(error -> error.field() + ": " + error.message()).collect(Collectors.joining("; "));
    }
}
