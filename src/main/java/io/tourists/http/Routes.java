package io.tourists.http;

import io.tourists.domain.Ids;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * Matches a request line to a route. Both HTTP functions and the local API front use this one table, so
 * a wrong method or path gets the same 404/405 everywhere (in AWS, through the HTTP API's $default route).
 *
 * <pre>
 * POST   /tourists        CREATE
 * PUT    /tourists/{id}   REPLACE
 * DELETE /tourists/{id}   DELETE
 * GET    /tourists/{id}   READ
 * </pre>
 */
public final class Routes {

    public static final String COLLECTION = "/tourists";

    /** The outcome of matching: a route, or the reason there is none. */
    public sealed interface Match {
        record Found(Route route, Optional<UUID> touristId) implements Match {}

        record NotFound() implements Match {}

        record MethodNotAllowed(List<String> allowed) implements Match {}

        record BadId(String rawId) implements Match {}
    }

    private Routes() {
    }

    public static Match match(String method, String path) {
        var trimmed = path.length() > 1 && path.endsWith("/") ? path.substring(0, path.length() - 1) : path;
        if (trimmed.equals(COLLECTION)) {
            return method.equals("POST")
                    ? new Match.Found(Route.CREATE, Optional.empty())
                    : new Match.MethodNotAllowed(List.of("POST"));
        }
        if (!trimmed.startsWith(COLLECTION + "/") || trimmed.indexOf('/', COLLECTION.length() + 1) >= 0
                || trimmed.length() == COLLECTION.length() + 1) {
            return new Match.NotFound();
        }
        var item = switch (method) {
            case "GET" -> Route.READ;
            case "PUT" -> Route.REPLACE;
            case "DELETE" -> Route.DELETE;
            default -> null;
        };
        if (item == null) {
            return new Match.MethodNotAllowed(List.of("GET", "PUT", "DELETE"));
        }
        var rawId = trimmed.substring(COLLECTION.length() + 1);
        return Ids.parse(rawId)
                .<Match>map(id -> new Match.Found(item, Optional.of(id)))
                .orElseGet(() -> new Match.BadId(rawId));
    }

    public static String location(UUID touristId) {
        return COLLECTION + "/" + touristId;
    }
}
