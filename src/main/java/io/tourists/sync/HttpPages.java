package io.tourists.sync;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.tourists.json.Json;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;
import java.util.function.Supplier;
import java.util.regex.Pattern;

/**
 * A paginated HTTPS JSON source, read page by page. A page is a JSON array of tourists, or an object holding them
 * in {@code itemsField}; each tourist in our field names, as a JSON Lines row. How the next page is found:
 * <ul>
 *   <li>{@link Style#NEXT_LINK}: the page's {@code nextField} holds the next page's URL (absolute or relative);</li>
 *   <li>{@link Style#LINK_HEADER}: the response's {@code Link} header has a {@code rel="next"} URL (RFC 8288);</li>
 *   <li>{@link Style#PAGE}: {@code pageParam=1, 2, ...} until a page has no items;</li>
 *   <li>{@link Style#CURSOR}: the page's {@code nextField} holds a cursor, sent back as {@code cursorParam}.</li>
 * </ul>
 * The listing ends where the source says so (no next link, no cursor, an empty page). Each page gets
 * {@code timeout} and up to {@code attempts} tries (timeouts, connection errors, 429 and 5xx are tried again with
 * a growing pause, or after Retry-After); a page that still fails fails the read, and the listing is incomplete.
 * Rows are numbered through the whole listing; the run record names a refused row's page too.
 */
public final class HttpPages implements RowSource {

    public enum Style { NEXT_LINK, LINK_HEADER, PAGE, CURSOR }

    static final int MAX_PAGES = 100_000;
    private static final Duration MAX_PAUSE = Duration.ofSeconds(30);
    private static final Pattern NEXT_LINK = Pattern.compile("<([^>]*)>\\s*;[^,]*rel=\"?([^\",;]*\\s)?next[\\s\"]",
            Pattern.CASE_INSENSITIVE);

    /**
     * @param nextField the field holding the next page's URL ({@code NEXT_LINK}) or cursor ({@code CURSOR})
     * @param token     a bearer token for every request, if the source needs one
     */
    public record Settings(URI url, Style style, String itemsField, String nextField, String pageParam,
                           String cursorParam, Optional<Supplier<String>> token, Duration timeout, int attempts,
                           Duration firstPause) {

        /** The defaults: items in "items", the next link or cursor in "next", "page" and "cursor" parameters. */
        public static Settings of(URI url, Style style) {
            return new Settings(url, style, "items", "next", "page", "cursor", Optional.empty(), Duration.ofSeconds(10),
                    3, Duration.ofSeconds(1));
        }

        public static Style style(String name) {
            return Style.valueOf(name.strip().toUpperCase(Locale.ROOT).replace('-', '_'));
        }
    }

    /** A page that could not be read after its tries. */
    public static final class PageFailedException extends RuntimeException {
        PageFailedException(String message, Throwable cause) {
            super(message, cause);
        }
    }

    private record Page(List<SourceRow> rows, Optional<URI> next) {}

    private final Settings settings;
    private final HttpClient http;

    public HttpPages(Settings settings) {
        this.settings = settings;
        this.http = HttpClient.newBuilder().connectTimeout(settings.timeout())
                .followRedirects(HttpClient.Redirect.NORMAL).build();
    }

    @Override
    public String input() {
        return settings.url().toString();
    }

    @Override
    public void read(Set<String> knownColumns, List<String> keyColumns, Consumer<Part> parts) {
        var token = settings.token().map(Supplier::get);
        var visited = new HashSet<URI>();
        Optional<URI> next = Optional.of(settings.url());
        int rowsBefore = 0;
        for (int page = 1; next.isPresent(); page++) {
            if (page > MAX_PAGES || !visited.add(next.get())) {
                throw new PageFailedException("page " + page + ": the source points back to a page already read ("
                        + next.get() + ") or past " + MAX_PAGES + " pages", null);
            }
            var read = fetch(next.get(), page, rowsBefore, token);
            rowsBefore += read.rows().size();
            if (!read.rows().isEmpty()) {
                parts.accept(new Part(page, read.rows()));
            }
            next = read.next();
        }
    }

    private Page fetch(URI url, int page, int rowsBefore, Optional<String> token) {
        RuntimeException last = null;
        for (int attempt = 1; attempt <= settings.attempts(); attempt++) {
            Duration pause = settings.firstPause().multipliedBy(1L << Math.min(attempt - 1, 10));
            try {
                var request = HttpRequest.newBuilder(url).timeout(settings.timeout()).header("Accept", "application/json");
                token.ifPresent(value -> request.header("Authorization", "Bearer " + value));
                var response = http.send(request.GET().build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
                int status = response.statusCode();
                if (status == 200) {
                    return page(url, page, rowsBefore, response);
                }
                last = new PageFailedException("page " + page + " (" + url + "): HTTP " + status, null);
                if (status != 429 && status < 500) {
                    throw last;
                }
                pause = retryAfter(response).orElse(pause);
            } catch (IOException e) {
                last = new PageFailedException("page " + page + " (" + url + "): " + e, e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new PageFailedException("page " + page + ": interrupted", e);
            } catch (UnreadablePageException e) {
                last = new PageFailedException("page " + page + " (" + url + "): " + e.getMessage(), e);
            }
            if (attempt < settings.attempts()) {
                sleep(pause);
            }
        }
        throw new PageFailedException(last.getMessage() + ", after " + settings.attempts() + " tries", last.getCause());
    }

    /** A 200 whose body is not what a page is: perhaps cut short, worth another try. */
    private static final class UnreadablePageException extends RuntimeException {
        UnreadablePageException(String message) {
            super(message);
        }
    }

    private Page page(URI url, int page, int rowsBefore, HttpResponse<String> response) {
        JsonNode body;
        try {
            body = Json.readTree(response.body());
        } catch (JsonProcessingException e) {
            throw new UnreadablePageException("the body is not JSON" + Json.where(e));
        }
        var items = body == null ? null : body.isArray() ? body : body.get(settings.itemsField());
        if (items == null || !items.isArray()) {
            throw new UnreadablePageException("the body is neither a JSON array nor an object with an array in \""
                    + settings.itemsField() + "\"");
        }
        var rows = new ArrayList<SourceRow>(items.size());
        for (int i = 0; i < items.size(); i++) {
            var item = items.get(i);
            int line = rowsBefore + i + 1;
            rows.add(item instanceof ObjectNode object ? SourceRow.read(line, object)
                    : SourceRow.unreadable(line, "$", "type", "must be a JSON object"));
        }
        return new Page(rows, next(url, page, body, response, rows.isEmpty()));
    }

    private Optional<URI> next(URI url, int page, JsonNode body, HttpResponse<String> response, boolean empty) {
        return switch (settings.style()) {
            case NEXT_LINK -> text(body, settings.nextField()).map(url::resolve);
            case LINK_HEADER -> response.headers().allValues("Link").stream()
                    .map(NEXT_LINK::matcher).filter(java.util.regex.Matcher::find)
                    .map(matcher -> url.resolve(matcher.group(1).strip())).findFirst();
            case PAGE -> empty ? Optional.empty() : Optional.of(withParameter(settings.pageParam(), String.valueOf(page + 1)));
            case CURSOR -> empty ? Optional.empty()
                    : text(body, settings.nextField()).map(cursor -> withParameter(settings.cursorParam(), cursor));
        };
    }

    private static Optional<String> text(JsonNode body, String field) {
        var value = body.isObject() ? body.get(field) : null;
        return value == null || value.isNull() || value.asText().isBlank() ? Optional.empty() : Optional.of(value.asText());
    }

    /** The source's URL with one more query parameter. */
    private URI withParameter(String name, String value) {
        var base = settings.url().toString();
        return URI.create(base + (base.contains("?") ? "&" : "?") + URLEncoder.encode(name, StandardCharsets.UTF_8)
                + "=" + URLEncoder.encode(value, StandardCharsets.UTF_8));
    }

    private static Optional<Duration> retryAfter(HttpResponse<?> response) {
        return response.headers().firstValue("Retry-After").flatMap(value -> {
            try {
                var seconds = Duration.ofSeconds(Long.parseLong(value.strip()));
                return Optional.of(seconds.compareTo(MAX_PAUSE) > 0 ? MAX_PAUSE : seconds);
            } catch (NumberFormatException e) {
                return Optional.empty();
            }
        });
    }

    private static void sleep(Duration pause) {
        try {
            Thread.sleep(pause);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new PageFailedException("interrupted between tries", e);
        }
    }
}
