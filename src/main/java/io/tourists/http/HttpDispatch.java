package io.tourists.http;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import io.tourists.config.LogKeys;
import java.util.HashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

/**
 * The part both HTTP functions share: match the route, answer 404/405/400 for what matches nothing,
 * put the correlation id on the log context and the response, and turn an unexpected exception into a
 * 500 problem rather than a stack trace.
 */
public final class HttpDispatch {

    private static final Logger LOG = LoggerFactory.getLogger(HttpDispatch.class);

    /** Handles a request that matched one of this function's routes, with the ids its path gave. */
    @FunctionalInterface
    public interface RouteHandler {
        APIGatewayV2HTTPResponse handle(Routes.Match.Found request, APIGatewayV2HTTPEvent event, String correlationId);
    }

    private HttpDispatch() {
    }

    public static APIGatewayV2HTTPResponse dispatch(APIGatewayV2HTTPEvent event, Route.Function function,
                                                    RouteHandler handler) {
        var correlationId = HttpRequests.correlationId(event);
        MDC.put(LogKeys.CORRELATION_ID, correlationId);
        try {
            var method = HttpRequests.method(event);
            var response = switch (Routes.match(method, event.getRawPath())) {
                case Routes.Match.Found found when found.route().function() == function ->
                        handler.handle(found, event, correlationId);
                case Routes.Match.Found found -> misrouted(found.route(), function);
                case Routes.Match.NotFound notFound -> HttpResponses.notFound(event.getRawPath());
                case Routes.Match.MethodNotAllowed notAllowed ->
                        HttpResponses.methodNotAllowed(method, notAllowed.allowed());
                case Routes.Match.BadId badId -> HttpResponses.badId(badId.parameter(), badId.rawId());
            };
            return withCorrelationId(response, correlationId);
        } catch (RuntimeException e) {
            LOG.error("request failed unexpectedly", e);
            return withCorrelationId(HttpResponses.problem(
                    Problem.of(500, "Internal Server Error", "the request failed; quote the correlation id")),
                    correlationId);
        } finally {
            MDC.remove(LogKeys.CORRELATION_ID);
        }
    }

    private static APIGatewayV2HTTPResponse misrouted(Route route, Route.Function function) {
        LOG.error("route {} reached the {} function: check the HTTP API's routes", route, function);
        return HttpResponses.problem(Problem.of(500, "Internal Server Error", "this route is served elsewhere"));
    }

    private static APIGatewayV2HTTPResponse withCorrelationId(APIGatewayV2HTTPResponse response, String id) {
        var headers = new HashMap<>(response.getHeaders());
        headers.put(HttpResponses.CORRELATION_HEADER, id);
        response.setHeaders(headers);
        return response;
    }
}
