package io.tourists.ops.imports;

import io.tourists.sync.ImportFormat;
import io.tourists.sync.BatchSender;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.tourists.domain.FieldError;
import io.tourists.json.Json;
import io.tourists.sync.RowWrites.Checked;
import io.tourists.sync.RowWrites.RowError;
import java.io.PrintWriter;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * What {@code tourists import} tells the operator, step by step on stdout; or, with {@code --json}, one object at
 * the end. No row's values are ever printed: a refused row is named by its line and its field errors.
 */
final class ImportOutput {

    private final PrintWriter out;
    private final boolean json;
    private final ObjectNode root = Json.MAPPER.createObjectNode();

    ImportOutput(PrintWriter out, boolean json) {
        this.out = out;
        this.json = json;
    }

    void checked(String file, ImportFormat format, Instant occurredAt, String occurredAtSource, Checked checked) {
        root.put("file", file).put("format", format.name().toLowerCase()).put("occurredAt", occurredAt.toString())
                .put("rows", checked.rows()).put("valid", checked.writes().size())
                .put("refused", checked.refused().size());
        var refused = root.putArray("refusedRows");
        checked.refused().forEach(row -> {
            var node = refused.addObject().put("line", row.line());
            var errors = node.putArray("errors");
            row.errors().forEach(error -> errors.addObject()
                    .put("field", error.field()).put("code", error.code()).put("message", error.message()));
        });
        if (!json) {
            out.printf("%s: %,d rows (%s), %,d valid, %,d refused; occurredAt %s (%s)%n", file, checked.rows(),
                    format.name(), checked.writes().size(), checked.refused().size(), occurredAt, occurredAtSource);
            checked.refused().forEach(row -> out.println("  " + describe(row)));
            out.flush();
        }
    }

    static String describe(RowError row) {
        return "line " + row.line() + ": " + describe(row.errors());
    }

    static String describe(List<FieldError> errors) {
        return errors.stream().map(error -> error.field() + ": " + error.message()).collect(Collectors.joining("; "));
    }

    void dryRun() {
        root.put("dryRun", true);
        if (!json) {
            out.println("dry run: nothing was sent");
        }
    }

    void alreadyApplied(int count) {
        root.put("alreadyApplied", count);
        if (!json && count > 0) {
            out.printf("%,d %s already applied (their writeIds are in applied_write): not sent again%n", count,
                    count == 1 ? "row" : "rows");
        }
    }

    void nothingToSend(String queue) {
        root.put("queue", queue).put("sent", 0);
        if (!json) {
            out.println("nothing to send to " + queue);
            out.flush();
        }
    }

    void sent(String queue, BatchSender.Report report, int toSend) {
        root.put("queue", queue).put("sent", report.sent()).put("unsent", report.unsent())
                .put("sendSeconds", seconds(report.elapsed())).put("sentPerSecond", perSecond(report.sent(), report.elapsed()));
        var refusedByQueue = root.putArray("refusedByQueue");
        report.refused().forEach((line, reason) -> refusedByQueue.addObject().put("line", line).put("reason", reason));
        if (!json) {
            out.printf("sent %,d of %,d writes to %s in %.1f s (%,.0f rows/s)%n", report.sent(), toSend, queue,
                    seconds(report.elapsed()), perSecond(report.sent(), report.elapsed()));
            report.refused().entrySet().stream().sorted(Map.Entry.comparingByKey()).forEach(entry ->
                    out.printf("  line %d: the queue refused it: %s%n", entry.getKey(), entry.getValue()));
        }
        out.flush();
    }

    void committed(long committed, long expected, long refused, Duration sinceFirstSend, boolean timedOut) {
        root.put("committed", committed).put("refusedByConsumer", refused).put("commitSeconds", seconds(sinceFirstSend))
                .put("committedPerSecond", perSecond(committed, sinceFirstSend));
        if (!json) {
            out.printf("committed %,d of %,d in %.1f s from the first send (%,.0f committed/s)%s%s%n", committed, expected,
                    seconds(sinceFirstSend), perSecond(committed, sinceFirstSend),
                    refused > 0 ? String.format("; %,d refused by the consumer", refused) : "",
                    timedOut ? "; stopped waiting (--wait-timeout)" : "");
            out.flush();
        }
    }

    /** With --json, the one object; nothing more otherwise. */
    void finish() {
        if (json) {
            out.println(Json.write(root));
            out.flush();
        }
    }

    private static double seconds(Duration duration) {
        return Math.round(duration.toMillis() / 10.0) / 100.0;
    }

    private static double perSecond(long count, Duration duration) {
        return duration.isZero() ? 0 : Math.round(count / (duration.toNanos() / 1e9) * 10) / 10.0;
    }
}
