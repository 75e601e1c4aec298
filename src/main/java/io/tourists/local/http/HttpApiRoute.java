package io.tourists.local.http;

import io.tourists.http.Route;
import io.tourists.local.template.RouteAuthorization;
import java.util.Map;

/**
 * The route a request matched, as API Gateway puts it in the event, and what the route requires of a caller.
 *
 * @param routeKey       what API Gateway puts in routeKey: the matched route, or {@code $default}
 * @param pathParameters the route's path variables ({id}, {writeId}), decoded; empty for $default
 */
public record HttpApiRoute(String routeKey, Map<String, String> pathParameters, Route.Function function,
                           RouteAuthorization authorization) {

    public HttpApiRoute {
        pathParameters = Map.copyOf(pathParameters);
    }

    /** A route open to anyone. */
    public HttpApiRoute(String routeKey, Map<String, String> pathParameters, Route.Function function) {
        this(routeKey, pathParameters, function, new RouteAuthorization.None());
    }

    /** The route of a request among the built-in routes (a template that declares none of its own). */
    public static HttpApiRoute of(String method, String rawPath) {
        return HttpApiRouter.BUILT_IN.route(method, rawPath).orElseThrow();
    }
}
