package io.tourists.bench;

import static io.tourists.bench.Report.fmt;

import io.tourists.consumer.ConsumerFunction;
import io.tourists.db.Databases;
import io.tourists.db.TouristStore;
import io.tourists.domain.TouristWrite;
import io.tourists.domain.Validation;
import io.tourists.lambda.FunctionSetup;
import io.tourists.lambda.SqsEventJson;
import io.tourists.local.lambda.LocalContext;
import io.tourists.queue.WriteEnvelope;
import io.tourists.testing.Infrastructure;
import io.tourists.testing.Tourists;
import io.tourists.testing.lambda.Events;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.UUID;

/**
 * One consumer invocation against its statement alone, in the same run on the same database: AWS's SQS event
 * JSON in (read by {@link SqsEventJson}, as the function's stream entry does), {@link ConsumerFunction#handleRequest},
 * the partial batch response written out; beside it, {@link TouristStore#apply} with the same number of writes of the same
 * shape, decoded beforehand. Rounds alternate the two, each on new writes (every row an insert). Whatever
 * statement TouristStore runs is the one measured.
 */
final class ConsumerStatementScenario implements Scenario {

    static final int[] BATCH_SIZES = {10, 100, 1000};

    @Override
    public String name() {
        return "consumer";
    }

    @Override
    public String title() {
        return "2d. Consumer invocation against its statement alone";
    }

    /** Median milliseconds of one consumer invocation and of the statement alone, for one batch size. */
    record Figures(int batchSize, double invocationMs, double statementMs, double eventInMs, double handlerMs,
                   double responseOutMs) {
        double invocationRowsPerSecond() {
            return batchSize / invocationMs * 1000;
        }

        double statementRowsPerSecond() {
            return batchSize / statementMs * 1000;
        }

        double ratio() {
            return statementMs / invocationMs;
        }
    }

    @Override
    public void run(BenchOptions options, Report.Section section) throws Exception {
        var table = Table.of("2d. One consumer invocation (SQS event JSON in, partial batch response out) against"
                        + " TouristStore's statement alone, same rows, same database (median of the rounds)",
                "batch", "rounds", "invocation ms", "invocation rows/s", "statement ms", "statement rows/s",
                "invocation / statement", "of the invocation: event JSON in ms", "handler ms", "response out ms");
        for (var figures : measure(options.repeats(), BATCH_SIZES)) {
            table = table.with(figures.batchSize(), rounds(figures.batchSize(), options.repeats()),
                    fmt(figures.invocationMs()), fmt(figures.invocationRowsPerSecond()), fmt(figures.statementMs()),
                    fmt(figures.statementRowsPerSecond()), fmt(figures.ratio()) + " x", fmt(figures.eventInMs()),
                    fmt(figures.handlerMs()), fmt(figures.responseOutMs()));
            if (figures.batchSize() >= 100) {
                section.target("invocation / statement at batch " + figures.batchSize(), ">= 0.8 x",
                        fmt(figures.ratio()) + " x", figures.ratio() >= 0.8);
            }
        }
        section.add(table);
        section.note("Invocation: the JSON of an SQS event as the event source mapping delivers it (AWS's sample"
                + " record, each with a new write), read by the function itself (lambda/SqsEventJson: its stream entry takes"
                + " the event's bytes, so the runtime interface client's serializer never runs), ConsumerFunction.handleRequest (Powertools logging, metrics off,"
                + " decode and validate every message, one statement, the report), the SQSBatchResponse written back the same way;"
                + " a pool of one connection, opened in the warm-up. Statement: TouristStore.apply on the decoded writes"
                + " of a batch of the same size (bind the arrays, execute, read the outcomes, autocommit), on a pool of"
                + " its own. Rounds alternate the two after a warm-up of each; embedded PostgreSQL on this machine."
                + " The benchmark JVM logs at WARN (src/test/resources/log4j2-test.xml): on Lambda the consumer also"
                + " writes one INFO line per write.");
    }

    static int rounds(int batchSize, int repeats) {
        return Math.max(5, (batchSize >= 1000 ? 4 : 12) * repeats);
    }

    /** The figures for every batch size; the consumer and its statement alternate round by round. */
    static List<Figures> measure(int repeats, int[] batchSizes) throws Exception {
        var queues = Infrastructure.newQueues("bench-consumer", 5, Duration.ofSeconds(30), false);
        var env = new HashMap<>(Infrastructure.databaseVariables());
        env.put("WRITE_QUEUE_URL", queues.url());
        env.put("DEAD_LETTER_QUEUE_URL", queues.deadLetterUrl());
        var context = new LocalContext("bench-consumer", 1024, Duration.ofSeconds(30));
        var queueArn = "arn:aws:sqs:us-east-1:000000000000:bench-consumer";
        var figures = new ArrayList<Figures>();
        try (var function = new ConsumerFunction(FunctionSetup.of(env, Infrastructure.awsClients()));
             var pool = Databases.pool(Infrastructure.settings(Infrastructure.database(), 1), "bench-statement")) {
            var store = new TouristStore(pool);
            for (int size : batchSizes) {
                int rounds = rounds(size, repeats);
                var invocation = new double[rounds];
                var statement = new double[rounds];
                var eventIn = new double[rounds];
                var handler = new double[rounds];
                var responseOut = new double[rounds];
                for (int round = -Math.max(3, rounds / 2); round < rounds; round++) {
                    var json = Events.sqsBatch(queueArn, bodies(size)).getBytes(StandardCharsets.UTF_8);
                    long start = System.nanoTime();
                    // What Lambda's entry, ConsumerFunction.handleRequest(InputStream, OutputStream, Context), does.
                    var event = SqsEventJson.read(new ByteArrayInputStream(json));
                    long parsed = System.nanoTime();
                    var response = function.handleRequest(event, context);
                    long handled = System.nanoTime();
                    var out = new ByteArrayOutputStream();
                    SqsEventJson.write(response, out);
                    long invoked = System.nanoTime() - start;
                    double inMs = (parsed - start) / 1e6;
                    double handlerMs = (handled - parsed) / 1e6;
                    double outMs = (start + invoked - handled) / 1e6;
                    if (!response.getBatchItemFailures().isEmpty()) {
                        throw new IllegalStateException("the consumer failed messages: " + out);
                    }
                    var writes = decoded(bodies(size));
                    start = System.nanoTime();
                    var outcomes = store.apply(writes, List.of());
                    long applied = System.nanoTime() - start;
                    if (outcomes.size() != size) {
                        throw new IllegalStateException("expected " + size + " outcomes, got " + outcomes.size());
                    }
                    if (round >= 0) {
                        invocation[round] = invoked / 1e6;
                        statement[round] = applied / 1e6;
                        eventIn[round] = inMs;
                        handler[round] = handlerMs;
                        responseOut[round] = outMs;
                    }
                }
                figures.add(new Figures(size, median(invocation), median(statement), median(eventIn), median(handler),
                        median(responseOut)));
                System.out.printf("consumer: batch %d, invocation %.2f ms, statement %.2f ms%n", size,
                        figures.getLast().invocationMs(), figures.getLast().statementMs());
            }
        }
        return figures;
    }

    private static List<String> bodies(int size) {
        var now = Instant.now().truncatedTo(ChronoUnit.MICROS);
        var bodies = new ArrayList<String>(size);
        for (int i = 0; i < size; i++) {
            bodies.add(WriteEnvelope.encode(Tourists.upsert(UUID.randomUUID(), now, Tourists.ada())));
        }
        return bodies;
    }

    private static List<TouristWrite> decoded(List<String> bodies) {
        var envelope = WriteEnvelope.withRules(Clock.systemUTC());
        return bodies.stream().map(body -> switch (envelope.decode(body)) {
            case Validation.Valid<TouristWrite> valid -> valid.value();
            case Validation.Invalid<TouristWrite> invalid -> throw new IllegalStateException(invalid.errors().toString());
        }).toList();
    }

    static double median(double[] values) {
        var sorted = values.clone();
        java.util.Arrays.sort(sorted);
        int n = sorted.length;
        return n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
    }
}
