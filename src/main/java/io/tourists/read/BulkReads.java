package io.tourists.read;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import com.fasterxml.jackson.annotation.JsonInclude;
import io.tourists.db.FeedPosition;
import io.tourists.db.TouristPages;
import io.tourists.db.TouristPages.Changes;
import io.tourists.domain.FieldError;
import io.tourists.http.HttpResponses;
import io.tourists.http.Problem;
import io.tourists.http.Routes;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * GET /tourists (live tourists by id, page by page) and GET /tourists/changes (the changes feed). Each page is
 * one keyset read ({@link TouristPages}); where to go on is an opaque cursor ({@link Cursors}), in the body
 * ({@code next}) and in a {@code Link: <...>; rel="next"} header.
 */
final class BulkReads {

    static final int DEFAULT_LIMIT = 50;
    static final int MAX_LIMIT = 500;
    private static final Pattern NATIONALITY = Pattern.compile("[A-Z]{2}");

    /** The body of GET /tourists. {@code next} is absent on the last page. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    record ListingView(List<TouristView> tourists, String next, String changesCursor) {}

    /** The body of GET /tourists/changes. {@code more}: rows past {@code next} can be read at once. */
    record ChangesView(List<ChangeView> changes, String next, boolean more) {}

    private final TouristPages pages;

    BulkReads(TouristPages pages) {
        this.pages = pages;
    }

    APIGatewayV2HTTPResponse list(APIGatewayV2HTTPEvent event) {
        var query = Query.of(event);
        var errors = new ArrayList<FieldError>();
        int limit = query.limit(errors);
        var cursor = query.get("cursor").map(text -> Cursors.readListing(text).orElseGet(() -> {
            errors.add(badCursor("cursor", "GET /tourists"));
            return null;
        }));
        var nationality = query.get("nationality");
        if (nationality.isPresent() && !NATIONALITY.matcher(nationality.get()).matches()) {
            errors.add(new FieldError("nationality", "invalid", "must be an ISO 3166-1 alpha-2 code in upper case"));
        }
        var updatedSince = query.get("updatedSince").flatMap(text -> instant(text, errors));
        if (!errors.isEmpty()) {
            return badQuery(errors);
        }
        var after = cursor.map(Cursors.Listing::after);
        var feed = cursor.map(Cursors.Listing::feed).orElseGet(pages::feedHorizon);
        var tourists = pages.list(after, new TouristPages.Filter(nationality, updatedSince), limit);
        var views = tourists.stream().map(TouristView::of).toList();
        if (tourists.size() < limit) {
            return HttpResponses.json(200, new ListingView(views, null, Cursors.feed(feed)), Map.of());
        }
        var next = Cursors.listing(new Cursors.Listing(tourists.getLast().touristId(), feed));
        var parameters = new LinkedHashMap<String, String>();
        parameters.put("cursor", next);
        parameters.put("limit", Integer.toString(limit));
        nationality.ifPresent(code -> parameters.put("nationality", code));
        updatedSince.ifPresent(at -> parameters.put("updatedSince", at.toString()));
        return HttpResponses.json(200, new ListingView(views, next, Cursors.feed(feed)),
                Map.of("link", link(Routes.COLLECTION, parameters)));
    }

    APIGatewayV2HTTPResponse changes(APIGatewayV2HTTPEvent event) {
        var query = Query.of(event);
        var errors = new ArrayList<FieldError>();
        int limit = query.limit(errors);
        var after = query.get("after").map(text -> Cursors.readFeed(text).orElseGet(() -> {
            errors.add(badCursor("after", "GET /tourists/changes or GET /tourists (changesCursor)"));
            return null;
        }));
        if (!errors.isEmpty()) {
            return badQuery(errors);
        }
        return switch (pages.changes(after.orElse(FeedPosition.START), limit)) {
            case Changes.Gone gone -> HttpResponses.problem(new Problem(Problem.CURSOR_EXPIRED, "Gone", 410,
                    "a delete after this cursor was pruned (tombstones are kept for the retention window): list"
                            + " again from GET /tourists, then follow the feed from the changesCursor it gives",
                    List.of()));
            case Changes.Page page -> {
                var next = Cursors.feed(page.next());
                var parameters = new LinkedHashMap<String, String>();
                parameters.put("after", next);
                parameters.put("limit", Integer.toString(limit));
                yield HttpResponses.json(200,
                        new ChangesView(page.changes().stream().map(ChangeView::of).toList(), next, page.more()),
                        Map.of("link", link(Routes.CHANGES, parameters)));
            }
        };
    }

    private static String link(String path, Map<String, String> parameters) {
        var query = parameters.entrySet().stream()
                .map(entry -> entry.getKey() + "=" + URLEncoder.encode(entry.getValue(), StandardCharsets.UTF_8))
                .collect(Collectors.joining("&"));
        return "<" + path + "?" + query + ">; rel=\"next\"";
    }

    private static FieldError badCursor(String parameter, String where) {
        return new FieldError(parameter, "invalid", "is not a cursor from " + where + "; pass it back unchanged");
    }

    private static Optional<Instant> instant(String text, List<FieldError> errors) {
        try {
            return Optional.of(OffsetDateTime.parse(text).toInstant());
        } catch (DateTimeParseException e) {
            errors.add(new FieldError("updatedSince", "invalid", "must be an RFC 3339 timestamp with an offset"));
            return Optional.empty();
        }
    }

    private static APIGatewayV2HTTPResponse badQuery(List<FieldError> errors) {
        return HttpResponses.problem(new Problem(Problem.MALFORMED, "Bad Request", 400,
                "the query string is not valid", errors));
    }

    /** The query string as API Gateway decoded it (a repeated parameter arrives joined by commas). */
    private record Query(Map<String, String> parameters) {

        static Query of(APIGatewayV2HTTPEvent event) {
            return new Query(Optional.ofNullable(event.getQueryStringParameters()).orElse(Map.of()));
        }

        Optional<String> get(String name) {
            return Optional.ofNullable(parameters.get(name));
        }

        int limit(List<FieldError> errors) {
            var text = get("limit");
            if (text.isEmpty()) {
                return DEFAULT_LIMIT;
            }
            if (text.get().matches("\\d{1,4}")) {
                int limit = Integer.parseInt(text.get());
                if (limit >= 1 && limit <= MAX_LIMIT) {
                    return limit;
                }
            }
            errors.add(new FieldError("limit", "invalid", "must be a whole number from 1 to " + MAX_LIMIT));
            return DEFAULT_LIMIT;
        }
    }
}
