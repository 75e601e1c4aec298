package io.tourists.api;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import io.tourists.config.Env;
import io.tourists.http.HttpDispatch;
import io.tourists.http.Route;
import io.tourists.lambda.FunctionSetup;
import io.tourists.lambda.InvocationMetrics;
import io.tourists.queue.SqsWriteQueue;
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
 * <p>With SnapStart, {@link #beforeCheckpoint} runs the request path once on a sample, without I/O, so the
 * snapshot holds loaded and initialised classes.
 */
public final class ApiFunction implements RequestHandler<APIGatewayV2HTTPEvent, APIGatewayV2HTTPResponse>,
        Resource, AutoCloseable {

    /** Long enough for SQS's retries inside one request, short enough to answer 503 well within 29 s. */
    public static final Duration QUEUE_CALL_TIMEOUT = Duration.ofSeconds(3);

    private final WriteRequests requests;
    private final InvocationMetrics metrics;
    /** Closes the SQS client this function built itself; nothing when the caller passed the requests in. */
    private final Runnable closeResources;

    /** Lambda's: this process's environment; registers the SnapStart hooks. */
    public ApiFunction() {
        this(FunctionSetup.lambda());
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
        this(WriteRequests.sendingTo(new SqsWriteQueue(sqs, Env.required(setup.env(), "WRITE_QUEUE_URL")),
                IdKey.fromEnvironment(setup.env(), setup.aws()::secretsManager), setup.clock()),
                setup.metrics(), sqs::close);
    }

    /** With collaborators, for tests: a queue double behind the requests. */
    public ApiFunction(WriteRequests requests, InvocationMetrics metrics) {
        this(requests, metrics, () -> { });
    }

    private ApiFunction(WriteRequests requests, InvocationMetrics metrics, Runnable closeResources) {
        this.requests = requests;
        this.metrics = metrics;
        this.closeResources = closeResources;
    }

    @Override
    public APIGatewayV2HTTPResponse handleRequest(APIGatewayV2HTTPEvent event, Context context) {
        return PowertoolsLogging.withLogging(context, () -> metrics.flushAfter(() -> ApiMetrics.record(
                HttpDispatch.dispatch(event, Route.Function.WRITE_API, requests::handle), metrics)));
    }

    @Override
    public void beforeCheckpoint(org.crac.Context<? extends Resource> context) {
        ApiPriming.run();
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
