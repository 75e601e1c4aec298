package io.tourists.local.http;

import io.tourists.http.Route;
import io.tourists.http.Routes;
import io.tourists.local.template.RouteAuthorization;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Picks a request's route as an HTTP API does: the most specific route key that matches the method and path
 * ({@code GET /tourists/{id}}: a variable is one path segment, {@code {proxy+}} the rest of the path), a route
 * for the method before one for {@code ANY}, a greedy variable last, and {@code $default} when nothing else
 * matches. https://docs.aws.amazon.com/apigateway/latest/developerguide/http-api-develop-routes.html
 */
public final class HttpApiRouter {

    /** A route the front serves: its key, the function its integration invokes, what it requires of a caller. */
    public record Entry(String routeKey, Route.Function function, RouteAuthorization authorization) {}

    static final String DEFAULT_ROUTE = "$default";

    /**
     * The routes for a template that declares none of its own: reads to the read function, everything else to
     * the write API on {@code $default}, which answers unknown routes and methods itself. Open to anyone.
     */
    public static final HttpApiRouter BUILT_IN = new HttpApiRouter(List.of(
            new Entry("GET " + Routes.COLLECTION + "/{id}", Route.Function.READ, new RouteAuthorization.None()),
            new Entry("GET " + Routes.COLLECTION + "/{id}/writes/{writeId}", Route.Function.READ,
                    new RouteAuthorization.None()),
            new Entry(DEFAULT_ROUTE, Route.Function.WRITE_API, new RouteAuthorization.None())));

    /** A route key taken apart: its method (or ANY) and its path segments. */
    private record Pattern(Entry entry, String method, List<String> segments) {
        boolean greedy() {
            return !segments.isEmpty() && segments.getLast().endsWith("+}");
        }
    }

    /** How specific a match is; lower is more specific. */
    private record Rank(boolean greedy, String variables, boolean anyMethod) {}

    private static final Comparator<Rank> MOST_SPECIFIC_FIRST = Comparator.comparing(Rank::greedy)
            .thenComparing(Rank::variables).thenComparing(Rank::anyMethod);

    private final List<Pattern> patterns = new ArrayList<>();
    private final Optional<Entry> defaultRoute;

    public HttpApiRouter(List<Entry> entries) {
        Entry fallback = null;
        for (var entry : entries) {
            if (entry.routeKey().equals(DEFAULT_ROUTE)) {
                fallback = entry;
                continue;
            }
            var parts = entry.routeKey().split(" ", 2);
            if (parts.length != 2 || !parts[1].startsWith("/")) {
                throw new IllegalArgumentException("not a route key: " + entry.routeKey());
            }
            patterns.add(new Pattern(entry, parts[0], segments(parts[1])));
        }
        this.defaultRoute = Optional.ofNullable(fallback);
    }

    /** The matching route; empty when none matches and there is no $default (API Gateway answers 404). */
    public Optional<HttpApiRoute> route(String method, String rawPath) {
        // A trailing slash names the same resource, as the functions' own routing takes it.
        var path = rawPath.length() > 1 && rawPath.endsWith("/") ? rawPath.substring(0, rawPath.length() - 1) : rawPath;
        var requested = segments(path);
        Pattern best = null;
        Rank bestRank = null;
        Map<String, String> bestParameters = null;
        for (var pattern : patterns) {
            if (!pattern.method().equals(method) && !pattern.method().equals("ANY")) {
                continue;
            }
            var parameters = match(pattern, requested);
            if (parameters.isEmpty()) {
                continue;
            }
            var rank = rank(pattern);
            if (best == null || MOST_SPECIFIC_FIRST.compare(rank, bestRank) < 0) {
                best = pattern;
                bestRank = rank;
                bestParameters = parameters.get();
            }
        }
        if (best != null) {
            return Optional.of(new HttpApiRoute(best.entry().routeKey(), bestParameters, best.entry().function(),
                    best.entry().authorization()));
        }
        return defaultRoute.map(entry -> new HttpApiRoute(DEFAULT_ROUTE, Map.of(), entry.function(), entry.authorization()));
    }

    private static Optional<Map<String, String>> match(Pattern pattern, List<String> requested) {
        var parameters = new LinkedHashMap<String, String>();
        var segments = pattern.segments();
        for (int i = 0; i < segments.size(); i++) {
            var segment = segments.get(i);
            if (i == segments.size() - 1 && pattern.greedy()) {
                if (requested.size() <= i) {
                    return Optional.empty();
                }
                parameters.put(name(segment), decode(String.join("/", requested.subList(i, requested.size()))));
                return Optional.of(parameters);
            }
            if (i >= requested.size()) {
                return Optional.empty();
            }
            var value = requested.get(i);
            if (isVariable(segment)) {
                if (value.isEmpty()) {
                    return Optional.empty();
                }
                parameters.put(name(segment), decode(value));
            } else if (!segment.equals(value)) {
                return Optional.empty();
            }
        }
        return requested.size() == segments.size() ? Optional.of(parameters) : Optional.empty();
    }

    /** Literal segments before variables, position by position, so /tourists/batch beats /tourists/{id}. */
    private static Rank rank(Pattern pattern) {
        var variables = new StringBuilder();
        pattern.segments().forEach(segment -> variables.append(isVariable(segment) ? '1' : '0'));
        return new Rank(pattern.greedy(), variables.toString(), pattern.method().equals("ANY"));
    }

    private static List<String> segments(String path) {
        return path.equals("/") ? List.of() : Arrays.asList(path.substring(1).split("/", -1));
    }

    private static boolean isVariable(String segment) {
        return segment.startsWith("{") && segment.endsWith("}");
    }

    private static String name(String variable) {
        return variable.substring(1, variable.length() - 1).replace("+", "");
    }

    /** API Gateway decodes path parameters; a '+' in a path is a plus, not a space. */
    private static String decode(String segment) {
        return HttpApiPayloads.decode(segment.replace("+", "%2B"));
    }
}
