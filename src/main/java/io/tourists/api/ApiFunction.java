package io.tourists.api;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import io.tourists.config.Env;
import io.tourists.domain.TouristRules;
import io.tourists.http.HttpDispatch;
import io.tourists.http.Route;
import io.tourists.json.TouristJson;
import io.tourists.queue.SqsClients;
import io.tourists.queue.SqsWriteQueue;
import java.time.Clock;
import java.time.Duration;
import software.amazon.lambda.powertools.logging.PowertoolsLogging;

/**
 * The write API: POST /tourists, PUT and DELETE /tourists/{id}, and the HTTP API's $default route (so
 * unknown routes get a problem body). Validates, stamps and enqueues; answers 202.
 *
 * <p>Environment: {@code WRITE_QUEUE_URL}, {@code AWS_REGION}.
 */
public final class ApiFunction implements RequestHandler<APIGatewayV2HTTPEvent, APIGatewayV2HTTPResponse> {

    /** Long enough for SQS's retries inside one request, short enough to answer 503 well within 29 s. */
    public static final Duration QUEUE_CALL_TIMEOUT = Duration.ofSeconds(3);

    private final WriteRequests requests;

    public ApiFunction() {
        this(new WriteRequests(
                new SqsWriteQueue(SqsClients.fromEnvironment(QUEUE_CALL_TIMEOUT), Env.required(System.getenv(), "WRITE_QUEUE_URL")),
                new TouristJson(new TouristRules(Clock.systemUTC())),
                Clock.systemUTC()));
    }

    /** With collaborators, for the local runtime and tests. */
    public ApiFunction(WriteRequests requests) {
        this.requests = requests;
    }

    @Override
    public APIGatewayV2HTTPResponse handleRequest(APIGatewayV2HTTPEvent event, Context context) {
        return PowertoolsLogging.withLogging(context,
                () -> HttpDispatch.dispatch(event, Route.Function.WRITE_API, requests::handle));
    }
}
