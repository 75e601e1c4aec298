package io.tourists.api;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import io.tourists.config.Env;
import io.tourists.http.HttpDispatch;
import io.tourists.http.Route;
import io.tourists.lambda.FunctionSetup;
import io.tourists.lambda.HttpEventJson;
import io.tourists.lambda.InitWork;
import io.tourists.lambda.InvocationMetrics;
import io.tourists.queue.SqsWriteQueue;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.time.Duration;
import org.crac.Core;
import org.crac.Resource;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.lambda.powertools.logging.PowertoolsLogging;

/**
 * The write API: POST /tourists, PUT and DELETE /tourists/{id}, and the HTTP API's $default route (so
 * unknown routes get a problem body). Validates, stamps and enqueues; answers 202.
 *
 * <p>Environment: {@code WRITE_QUEUE_URL}, {@code AWS_REGION}, and the key for ids derived from an
 * Idempotency-Key: {@code ID_KEY_SECRET_ARN} on AWS, {@code ID_KEY} locally ({@link IdKey}).
 *
 * <p>Lambda's constructor runs the request path once on a sample during init ({@link #prime}), without I/O,
 * so the first request finds its classes loaded and linked; with SnapStart, {@link #beforeCheckpoint} runs it
 * again, so the snapshot holds them too.
 */
public final class ApiFunction implements RequestHandler<APIGatewayV2HTTPEvent, APIGatewayV2HTTPResponse>, RequestStreamHandler,
        Resource, AutoCloseable {

    /** One SendMessage call's longest wait: the write queue's own (it makes its attempts within it). */
    public static final Duration QUEUE_CALL_TIMEOUT = SqsWriteQueue.SEND_BUDGET;

    private final WriteRequests requests;
    private final InvocationMetrics metrics;
    /** Closes the SQS client this function built itself; nothing when the caller passed the requests in. */
    private final Runnable closeResources;
    /** Runs a SendMessage through the SQS client in the process, with nothing sent, where the client allows. */
    private final Runnable primeQueue;

    /**
     * Lambda's: this process's environment; primes the first request's work, the write path on a second thread
     * while this one builds the SQS client; registers the SnapStart hooks.
     */
    public ApiFunction() {
        this(InitWork.start("api-priming", ApiPriming::run));
    }

    private ApiFunction(InitWork writePathPriming) {
        this(FunctionSetup.lambda());
        primeQueue.run();
        writePathPriming.await();
        Core.getGlobalContext().register(this);
    }

    /**
     * The one assembly of this function, from {@code WRITE_QUEUE_URL} and an SQS client: Lambda's, the local
     * runtime's and the tests'. Registers no SnapStart hooks.
     */
    public ApiFunction(FunctionSetup setup) {
        this(setup, setup.aws().sqs(QUEUE_CALL_TIMEOUT));
    }

    private ApiFunction(FunctionSetup setup, SqsClient sqs) {
        this(setup, sqs, Env.required(setup.env(), "WRITE_QUEUE_URL"));
    }

    private ApiFunction(FunctionSetup setup, SqsClient sqs, String queueUrl) {
        this(WriteRequests.sendingTo(new SqsWriteQueue(sqs, queueUrl),
                IdKey.fromEnvironment(setup.env(), setup.aws()::secrets), setup.clock()),
                setup.metrics(), sqs::close, () -> setup.aws().primeSendMessage(sqs, queueUrl));
    }

    /** With collaborators, for tests: a queue double behind the requests. */
    public ApiFunction(WriteRequests requests, InvocationMetrics metrics) {
        this(requests, metrics, () -> { }, () -> { });
    }

    private ApiFunction(WriteRequests requests, InvocationMetrics metrics, Runnable closeResources,
                        Runnable primeQueue) {
        this.requests = requests;
        this.metrics = metrics;
        this.closeResources = closeResources;
        this.primeQueue = primeQueue;
    }

    /**
     * Lambda's entry: the event read and the response written with the project's Jackson ({@link HttpEventJson}),
     * not the runtime interface client's serializer. Lambda picks this overload, the one with the most parameters.
     */
    @Override
    public void handleRequest(InputStream event, OutputStream response, Context context) throws IOException {
        HttpEventJson.write(handleRequest(HttpEventJson.read(event), context), response);
    }

    /** The local runtime's and the tests' entry, with the event as a value. */
    @Override
    public APIGatewayV2HTTPResponse handleRequest(APIGatewayV2HTTPEvent event, Context context) {
        return PowertoolsLogging.withLogging(context, () -> metrics.flushAfter(() -> {
            var tally = new WriteTally();
            var response = HttpDispatch.dispatch(event, Route.Function.WRITE_API,
                    (request, httpEvent, correlationId) -> requests.handle(request, httpEvent, correlationId, tally));
            return ApiMetrics.record(response, tally, metrics);
        }));
    }

    /**
     * The first request's work, done now: the write path on a sample ({@link ApiPriming}) and the SDK's
     * SendMessage, answered in the process. Nothing is sent, logged or counted. Powertools logging is left
     * out: its first use marks the cold start, which belongs to the first request's log lines.
     */
    void prime() {
        ApiPriming.run();
        primeQueue.run();
    }

    @Override
    public void beforeCheckpoint(org.crac.Context<? extends Resource> context) {
        prime();
    }

    @Override
    public void afterRestore(org.crac.Context<? extends Resource> context) {
        // Nothing to re-open: priming does no I/O, so the snapshot holds no connection to SQS, and no id key:
        // that is read at the first keyed request after the restore (IdKey).
    }

    /** Closes what {@link #ApiFunction(FunctionSetup)} built: the local runtime discards environments. */
    @Override
    public void close() {
        closeResources.run();
    }
}
