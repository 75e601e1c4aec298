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
 * POST   /tourists                            CREATE
 * GET    /tourists                            LIST
 * POST   /tourists/batch                      BATCH
 * GET    /tourists/changes                    CHANGES
 * PUT    /tourists/{id}                       REPLACE
 * DELETE /tourists/{id}                       DELETE
 * GET    /tourists/{id}                       READ
 * GET    /tourists/{id}/writes/{writeId}      WRITE_STATUS
 * </pre>
 */
public final class Routes {

    public static final String COLLECTION = "/tourists";
    /** Not a tourist id (those are UUIDs), so it cannot be mistaken for {@code /tourists/{id}}. */
    public static final String BATCH = COLLECTION + "/batch";
    /** The changes feed; like {@link #BATCH}, never a tourist id. */
    public static final String CHANGES = COLLECTION + "/changes";
    static final String WRITES = "writes";
    /** The path parameters, as the problem body names them when one is not a UUID. */
    public static final String TOURIST_ID = "id";
    public static final String WRITE_ID = "writeId";

    /** The outcome of matching: a route, or the reason there is none. */
    public sealed interface Match {
        record Found(Route route, Optional<UUID> touristId, Optional<UUID> writeId) implements Match {
            public Found(Route route, Optional<UUID> touristId) {
                this(route, touristId, Optional.empty());
            }
        }

        record NotFound() implements Match {}

        record MethodNotAllowed(List<String> allowed) implements Match {}

        /** A path parameter that is not a canonical UUID: {@link #TOURIST_ID} or {@link #WRITE_ID}. */
        record BadId(String parameter, String rawId) implements Match {
            public BadId(String rawId) {
                this(TOURIST_ID, rawId);
            }
        }
    }

    private Routes() {
    }

    public static Match match(String method, String path) {
        var trimmed = path.length() > 1 && path.endsWith("/") ? path.substring(0, path.length() - 1) : path;
        if (trimmed.equals(COLLECTION)) {
            return switch (method) {
                case "POST" -> new Match.Found(Route.CREATE, Optional.empty());
                case "GET" -> new Match.Found(Route.LIST, Optional.empty());
                default -> new Match.MethodNotAllowed(List.of("GET", "POST"));
            };
        }
        if (trimmed.equals(CHANGES)) {
            return method.equals(Route.CHANGES.method())
                    ? new Match.Found(Route.CHANGES, Optional.empty())
                    : new Match.MethodNotAllowed(List.of(Route.CHANGES.method()));
        }
        if (trimmed.equals(BATCH)) {
            return method.equals(Route.BATCH.method())
                    ? new Match.Found(Route.BATCH, Optional.empty())
                    : new Match.MethodNotAllowed(List.of(Route.BATCH.method()));
        }
        if (!trimmed.startsWith(COLLECTION + "/")) {
            return new Match.NotFound();
        }
        var segments = trimmed.substring(COLLECTION.length() + 1).split("/", -1);
        if (segments.length == 3 && segments[1].equals(WRITES) && !segments[0].isEmpty() && !segments[2].isEmpty()) {
            return writeStatus(method, segments[0], segments[2]);
        }
        if (segments.length != 1 || segments[0].isEmpty()) {
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

    private static Match writeStatus(String method, String rawTouristId, String rawWriteId) {
        if (!method.equals(Route.WRITE_STATUS.method())) {
            return new Match.MethodNotAllowed(List.of(Route.WRITE_STATUS.method()));
        }
        var touristId = Ids.parse(rawTouristId);
        if (touristId.isEmpty()) {
            return new Match.BadId(TOURIST_ID, rawTouristId);
        }
        return Ids.parse(rawWriteId)
                .<Match>map(writeId -> new Match.Found(Route.WRITE_STATUS, touristId, Optional.of(writeId)))
                .orElseGet(() -> new Match.BadId(WRITE_ID, rawWriteId));
    }

    public static String location(UUID touristId) {
        return COLLECTION + "/" + touristId;
    }

    /** Where a write's status is read: {@code /tourists/{id}/writes/{writeId}}. */
    public static String writeStatus(UUID touristId, UUID writeId) {
        return location(touristId) + "/" + WRITES + "/" + writeId;
    }
}
