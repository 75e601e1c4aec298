package io.tourists.bench;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import com.amazonaws.services.lambda.runtime.serialization.PojoSerializer;
import com.amazonaws.services.lambda.runtime.serialization.events.LambdaEventSerializers;
import com.amazonaws.services.lambda.runtime.serialization.factories.JacksonFactory;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import io.tourists.api.ApiFunction;
import io.tourists.lambda.FunctionSetup;
import io.tourists.local.lambda.LocalContext;
import io.tourists.testing.Infrastructure;
import io.tourists.testing.TestIdKey;
import io.tourists.testing.lambda.Events;
import io.tourists.testing.lambda.LambdaJvm;
import io.tourists.testing.lambda.LambdaLauncher;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Cost per million writes ({@link CostModel}) from durations measured in this run: a hello world's cold init
 * under the runtime interface client (the basis that turns local milliseconds into Lambda's), the write API's
 * warm invocation (AWS's HTTP API event JSON in, SendMessage to the local queue, the answer out), the consumer's
 * warm invocation at the template's batch size ({@link ConsumerStatementScenario}), and seed 000's synchronous
 * function (validate, open a connection, insert, close: {@link SyncCrudHandler}) on the same database.
 */
final class CostScenario implements Scenario {

    /** template.yaml: every function's MemorySize, and the consumer's BatchSize. */
    static final int MEMORY_MB = 1024;
    static final int CONSUMER_BATCH = 100;

    /**
     * The load the database lines assume: 100 writes/s while writes arrive, Aurora at its 0.5 ACU floor for the
     * pipeline (one connection per consumer environment, a statement per 100 rows) and at 1 ACU for the
     * synchronous design (a connection opened, authenticated and closed for every write: 100 backends started a
     * second); 30 environment starts per million writes; a million rows of about 1 KB with their applied_write
     * rows; one write I/O per commit, about 10 per batch of 100.
     */
    static final CostModel.Workload WORKLOAD = new CostModel.Workload(100, CONSUMER_BATCH, 0.5, 1, 30, 1, 0.1, 1);

    /**
     * What an invocation waits for on AWS and not on this machine's loopback, added to the scaled durations
     * (stated inputs, not measured here): an SQS SendMessage round trip of about 20 ms (mqperf, FACTS.md); an
     * Aurora commit, replicated to its storage quorum, of 5 ms; a new TLS connection to Aurora with SCRAM
     * authentication of 30 ms (TCP, TLS and startup round trips inside the VPC, and the key derivation on a
     * fraction of a vCPU).
     */
    static final double SEND_MESSAGE_MS = 20;
    static final double COMMIT_MS = 5;
    static final double NEW_CONNECTION_MS = 30;

    @Override
    public String name() {
        return "cost";
    }

    @Override
    public String title() {
        return "9. Cost per million writes on AWS";
    }

    @Override
    public void run(BenchOptions options, Report.Section section) throws Exception {
        double helloInit = helloInitMs(Math.max(3, options.repeats()));
        int rounds = 100 * Math.max(1, options.repeats());
        double api = apiInvocationMs(rounds);
        double sync = syncInvocationMs(rounds);
        double consumer = ConsumerStatementScenario.measure(options.repeats(), new int[] {CONSUMER_BATCH})
                .getFirst().invocationMs();

        var model = new CostModel(CostModel.Prices.US_EAST_1,
                new CostModel.Basis(helloInit, CostModel.Basis.LAMBDA_PERF_JAVA25_HELLO_INIT_MS), WORKLOAD);
        var apiCall = new CostModel.Invocation("write API", api, SEND_MESSAGE_MS, MEMORY_MB, 1);
        var consumerCall = new CostModel.Invocation("consumer", consumer, COMMIT_MS, MEMORY_MB, 1.0 / CONSUMER_BATCH);
        var syncCall = new CostModel.Invocation("synchronous CRUD", sync, NEW_CONNECTION_MS + COMMIT_MS, MEMORY_MB, 1);

        var inputs = Table.of("9. Measured inputs (warm, median) and the arm64 Lambda basis",
                        "figure", "here ms", "x basis", "+ waits on AWS ms", "Lambda ms (arm64, billed)")
                .with("hello world init (runtime interface client, cold)", Report.fmt(helloInit),
                        Report.fmt(model.basis().factor()), "-", Report.fmt(CostModel.Basis.LAMBDA_PERF_JAVA25_HELLO_INIT_MS));
        for (var call : List.of(apiCall, consumerCall, syncCall)) {
            inputs = inputs.with(call.function() + " invocation", Report.fmt(call.localMs()),
                    Report.fmt(model.basis().factor()), Report.fmt(call.awsWaitMs()),
                    Report.fmt(call.lambdaMs(model.basis())));
        }
        section.add(inputs);

        var pipeline = model.pipeline(apiCall, consumerCall);
        var synchronous = model.synchronous(syncCall, false);
        var proxied = model.synchronous(syncCall, true);
        section.add(lines("9. This pipeline: $ per million writes", pipeline));
        section.add(lines("9. Seed 000's synchronous design with RDS Proxy: $ per million writes", proxied));
        section.add(Table.of("9. Per million writes, side by side", "design", "$ per million writes",
                        "fixed $ a month")
                .with("pipeline: API -> SQS -> consumer (batch " + CONSUMER_BATCH + ")", dollars(CostModel.total(pipeline)), "0")
                .with("synchronous, connection per request, no proxy", dollars(CostModel.total(synchronous)), "0")
                .with("synchronous behind RDS Proxy", dollars(CostModel.total(proxied)),
                        dollars(model.rdsProxyMonthlyFloor())));
        section.note("Basis: a duration here x (Lambda's hello world init / this run's hello world init). Lambda's: "
                + Report.fmt(CostModel.Basis.LAMBDA_PERF_JAVA25_HELLO_INIT_MS) + " ms, lambda-perf's java25 zip hello"
                + " world (August 2026, FACTS.md). It scales CPU work. What an invocation waits for on AWS and not"
                + " on this machine's loopback is added as stated inputs (CostScenario): " + Report.fmt(SEND_MESSAGE_MS)
                + " ms per SendMessage, " + Report.fmt(COMMIT_MS) + " ms per Aurora commit, "
                + Report.fmt(NEW_CONNECTION_MS) + " ms per new TLS connection with SCRAM authentication. Measured"
                + " on a shared 2-core machine (up to 7 engineers' builds and tests beside it): the durations here"
                + " moved by up to 2x between runs of the same commit.");
        section.note("Load: " + Report.fmt(WORKLOAD.writesPerSecond()) + " writes/s while writes arrive (a million"
                + " writes in " + Report.fmt(WORKLOAD.hours()) + " h), Aurora Serverless v2 scaled to zero when idle;"
                + " pipeline at " + Report.fmt(WORKLOAD.pipelineAcus()) + " ACU, synchronous design at "
                + Report.fmt(WORKLOAD.synchronousAcus()) + " ACU (" + Report.fmt(WORKLOAD.writesPerSecond())
                + " connections opened a second). SQS: one SendMessage per write (POST /tourists/batch sends 10 per"
                + " SendMessageBatch), the event source mapping's ReceiveMessage and DeleteMessageBatch at 10 messages"
                + " each; its idle long polling is not per write. RDS Proxy bills at least "
                + Report.fmt(CostModel.Prices.US_EAST_1.rdsProxyMinimumAcus()) + " ACUs for every hour it exists,"
                + " writes or not: the fixed column. CloudWatch Logs ($0.50/GB ingested) and data transfer are left"
                + " out: both designs log about the same per write.");
        section.note("Prices: US East (N. Virginia), on demand, no free tier, read 2026-12-07: "
                + String.join("; ", CostModel.Prices.SOURCES) + ". The arithmetic is io.tourists.bench.CostModel"
                + " (CostModelTest checks it); put in your own durations, memory, load and prices there.");
    }

    private static Table lines(String title, List<CostModel.Line> lines) {
        var table = Table.of(title, "item", "formula", "$");
        for (var line : lines) {
            table = table.with(line.item(), line.formula(), dollars(line.dollars()));
        }
        return table.with("total", "", dollars(CostModel.total(lines)));
    }

    static String dollars(double value) {
        return String.format(java.util.Locale.ROOT, value < 10 ? "%.4f" : "%.2f", value);
    }

    private static double helloInitMs(int starts) throws Exception {
        try (var setup = LambdaLauncher.start(ColdStartScenario.WORK)) {
            var hello = ColdStartScenario.hello(setup.deployment("this checkout", Path.of(".")));
            var runs = new ArrayList<LambdaJvm.ColdStart>();
            for (int i = 1; i <= starts; i++) {
                runs.add(setup.coldStart(hello, "cost-hello-" + i, List.of()));
            }
            return ColdStartScenario.median(runs, LambdaJvm.ColdStart::initMs);
        }
    }

    private static double apiInvocationMs(int rounds) throws Exception {
        var queues = Infrastructure.newQueues("bench-cost", 5, Duration.ofSeconds(30), false);
        try (var api = new ApiFunction(FunctionSetup.of(Map.of("WRITE_QUEUE_URL", queues.url(), "ID_KEY", TestIdKey.VALUE),
                Infrastructure.awsClients()))) {
            return httpInvocationMs(api, rounds, 202);
        }
    }

    private static double syncInvocationMs(int rounds) throws Exception {
        var database = Infrastructure.database();
        return httpInvocationMs(new SyncCrudHandler(database.jdbcUrl(), database.user(), database.password()), rounds,
                201);
    }

    /** Median ms of one invocation: the event's JSON in, the handler, the answer's JSON out; after a warm-up. */
    private static double httpInvocationMs(RequestHandler<APIGatewayV2HTTPEvent, APIGatewayV2HTTPResponse> handler,
                                           int rounds, int expectedStatus) throws Exception {
        PojoSerializer<APIGatewayV2HTTPEvent> in = LambdaEventSerializers.serializerFor(APIGatewayV2HTTPEvent.class,
                CostScenario.class.getClassLoader());
        PojoSerializer<APIGatewayV2HTTPResponse> out = JacksonFactory.getInstance()
                .getSerializer(APIGatewayV2HTTPResponse.class);
        var json = Events.post().getBytes(StandardCharsets.UTF_8);
        var context = new LocalContext("bench-cost", MEMORY_MB, Duration.ofSeconds(10));
        var millis = new double[rounds];
        for (int round = -rounds; round < rounds; round++) {
            long start = System.nanoTime();
            var response = handler.handleRequest(in.fromJson(new ByteArrayInputStream(json)), context);
            out.toJson(response, new ByteArrayOutputStream());
            long took = System.nanoTime() - start;
            if (response.getStatusCode() != expectedStatus) {
                throw new IllegalStateException("expected " + expectedStatus + ", got " + response.getStatusCode()
                        + ": " + response.getBody());
            }
            if (round >= 0) {
                millis[round] = took / 1e6;
            }
        }
        return ConsumerStatementScenario.median(millis);
    }
}
