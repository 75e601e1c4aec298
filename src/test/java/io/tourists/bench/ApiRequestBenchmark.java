package io.tourists.bench;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import io.tourists.api.ApiFunction;
import io.tourists.api.WriteRequests;
import io.tourists.lambda.InvocationMetrics;
import io.tourists.local.lambda.LocalContext;
import io.tourists.queue.WriteEnvelope;
import io.tourists.testing.HttpApiRequests;
import io.tourists.testing.TestIdKey;
import io.tourists.testing.Tourists;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;

/**
 * The write API's work per request without I/O: route, check the body, validate the tourist, stamp the
 * write and serialize the queue message, then build the 202. The queue is a sink that serializes the
 * envelope as SqsWriteQueue does and drops it.
 *
 * <pre>mvn -q test-compile exec:exec -Dexec.classpathScope=test -Dexec.executable=java \
 *   -Dexec.args="-cp %classpath org.openjdk.jmh.Main io.tourists.bench"</pre>
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class ApiRequestBenchmark {

    private ApiFunction api;
    private APIGatewayV2HTTPEvent validPost;
    private APIGatewayV2HTTPEvent invalidPost;
    private Context context;

    @Setup
    public void setUp(Blackhole blackhole) {
        var clock = Clock.systemUTC();
        api = new ApiFunction(WriteRequests.sendingTo(
                (write, correlationId) -> blackhole.consume(WriteEnvelope.encode(write)), TestIdKey.key(), clock),
                InvocationMetrics.off());
        validPost = HttpApiRequests.json("POST", "/tourists", Tourists.adaJson(), Map.of());
        invalidPost = HttpApiRequests.json("POST", "/tourists",
                Tourists.adaJson().replace("ada@example.com", "nope").replace("GB", "XX"), Map.of());
        context = new LocalContext("bench", 1024, Duration.ofHours(1));
    }

    @Benchmark
    public APIGatewayV2HTTPResponse acceptAValidPost() {
        return api.handleRequest(validPost, context);
    }

    @Benchmark
    public APIGatewayV2HTTPResponse refuseAnInvalidPost() {
        return api.handleRequest(invalidPost, context);
    }
}
