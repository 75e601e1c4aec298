package io.tourists.local.http;

import io.tourists.http.Route;
import io.tourists.http.Routes;
import java.util.Map;

/**
 * The HTTP API's routes as deployed: {@code GET /tourists/{id}} and {@code GET /tourists/{id}/writes/{writeId}}
 * go to the read function, everything else to the write API on the {@code $default} route, which answers
 * unknown routes and methods itself.
 *
 * @param routeKey       what API Gateway puts in routeKey: the matched route, or {@code $default}
 * @param pathParameters the route's {id} (and {writeId}), decoded; empty for $default
 */
public record HttpApiRoute(String routeKey, Map<String, String> pathParameters, Route.Function function) {

    static final String DEFAULT_ROUTE = "$default";
    static final String READ_ROUTE = "GET " + Routes.COLLECTION + "/{id}";
    static final String WRITE_STATUS_ROUTE = READ_ROUTE + "/writes/{writeId}";

    public static HttpApiRoute of(String method, String rawPath) {
        // API Gateway matches {id} to any one path segment; whether it is a UUID is the function's question.
        var readsOne = method.equals(Route.READ.method()) && switch (Routes.match(method, rawPath)) {
            case Routes.Match.Found found -> found.route().function() == Route.Function.READ;
            case Routes.Match.BadId badId -> true;
            default -> false;
        };
        if (!readsOne) {
            return new HttpApiRoute(DEFAULT_ROUTE, Map.of(), Route.Function.WRITE_API);
        }
        var segments = rawPath.substring(Routes.COLLECTION.length() + 1).replaceAll("/$", "").split("/");
        if (segments.length == 3) {
            return new HttpApiRoute(WRITE_STATUS_ROUTE,
                    Map.of("id", decode(segments[0]), "writeId", decode(segments[2])), Route.Function.READ);
        }
        return new HttpApiRoute(READ_ROUTE, Map.of("id", decode(segments[0])), Route.Function.READ);
    }

    private static String decode(String segment) {
        return HttpApiPayloads.decode(segment.replace("+", "%2B"));
    }
}
