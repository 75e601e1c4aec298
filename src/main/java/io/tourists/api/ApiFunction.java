package io.tourists.api;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import io.tourists.config.Env;
import io.tourists.http.HttpDispatch;
import io.tourists.http.Route;
import io.tourists.lambda.InvocationMetrics;
import io.tourists.queue.SqsClients;
import io.tourists.queue.SqsWriteQueue;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import org.crac.Core;
import org.crac.Resource;
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
        Resource {

    /** Long enough for SQS's retries inside one request, short enough to answer 503 well within 29 s. */
    public static final Duration QUEUE_CALL_TIMEOUT = Duration.ofSeconds(3);

    private final WriteRequests requests;
    private final InvocationMetrics metrics;

    public ApiFunction() {
        this(System.getenv());
    }

    /** What Lambda builds, from this environment; registers the SnapStart hooks. */
    public ApiFunction(Map<String, String> env) {
        this(WriteRequests.sendingTo(
                new SqsWriteQueue(SqsClients.fromEnvironment(env, QUEUE_CALL_TIMEOUT), Env.required(env, "WRITE_QUEUE_URL")),
                IdKey.fromEnvironment(env), Clock.systemUTC()), InvocationMetrics.fromEnvironment(env));
        Core.getGlobalContext().register(this);
    }

    /** With collaborators, for the local runtime and tests; publishes no metrics. */
    public ApiFunction(WriteRequests requests) {
        this(requests, InvocationMetrics.off());
    }

    public ApiFunction(WriteRequests requests, InvocationMetrics metrics) {
        this.requests = requests;
        this.metrics = metrics;
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
}
