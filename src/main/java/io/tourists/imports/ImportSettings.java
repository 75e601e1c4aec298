package io.tourists.imports;

import io.tourists.sync.BatchSender;
import io.tourists.sync.HttpPages;
import io.tourists.sync.SourceSync;
import java.net.URI;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.function.Supplier;
import java.util.stream.Collectors;

/**
 * The import function's settings, read once from its environment (template.yaml sets them from parameters):
 * <ul>
 *   <li>{@code IMPORT_BUCKET}: the bucket of uploads ({@code incoming/}) and of the sync state;</li>
 *   <li>{@code WRITE_QUEUE_URL}: where writes go;</li>
 *   <li>{@code IMPORT_KEY_COLUMNS}: the key columns of rows without a touristId (the CLI's {@code --key});</li>
 *   <li>{@code IMPORT_FULL_LISTING_PREFIXES}: upload folders (under {@code incoming/}) whose every file is a full
 *       listing of its source: tourists missing from it are deleted;</li>
 *   <li>{@code IMPORT_DELETE_SHARE}: the share of a source's tourists one run may delete (default 0.05);</li>
 *   <li>{@code IMPORT_LEASE_SECONDS}: how long a run holds its source (default 360, above the 300 s timeout);</li>
 *   <li>{@code SYNC_SOURCE_URL} and the {@code SYNC_*} settings of the paginated source ({@link HttpPages}).</li>
 * </ul>
 */
public record ImportSettings(String bucket, String queueUrl, List<String> keyColumns, Set<String> fullListingPrefixes,
                             double deleteShare, Duration lease, int senders, Optional<URI> sourceUrl,
                             String sourceName, Map<String, String> env) {

    /** The source name of a paginated HTTP source when SYNC_SOURCE_NAME does not give one. */
    public static final String DEFAULT_SOURCE_NAME = "http";

    public static ImportSettings fromEnvironment(Map<String, String> env) {
        return new ImportSettings(required(env, "IMPORT_BUCKET"), required(env, "WRITE_QUEUE_URL"),
                list(env.get("IMPORT_KEY_COLUMNS")), Set.copyOf(list(env.get("IMPORT_FULL_LISTING_PREFIXES"))),
                number(env, "IMPORT_DELETE_SHARE", SourceSync.Settings.DEFAULT_DELETE_SHARE, Double::parseDouble),
                Duration.ofSeconds(number(env, "IMPORT_LEASE_SECONDS", 360L, Long::parseLong)),
                number(env, "IMPORT_SENDERS", 8, Integer::parseInt),
                Optional.ofNullable(env.get("SYNC_SOURCE_URL")).filter(url -> !url.isBlank()).map(URI::create),
                Optional.ofNullable(env.get("SYNC_SOURCE_NAME")).filter(name -> !name.isBlank()).orElse(DEFAULT_SOURCE_NAME),
                Map.copyOf(env));
    }

    public SourceSync.Settings sync(boolean fullListing) {
        return new SourceSync.Settings(keyColumns, fullListing, deleteShare, lease,
                BatchSender.Settings.of(senders, Optional.empty()));
    }

    /** The paginated source, with the bearer token read from {@code token} at each run, if a secret is named. */
    public HttpPages.Settings pages(URI url, Optional<Supplier<String>> token) {
        var defaults = HttpPages.Settings.of(url, HttpPages.Settings.style(env.getOrDefault("SYNC_PAGINATION", "next-link")));
        return new HttpPages.Settings(url, defaults.style(), env.getOrDefault("SYNC_ITEMS_FIELD", defaults.itemsField()),
                env.getOrDefault("SYNC_NEXT_FIELD", defaults.nextField()),
                env.getOrDefault("SYNC_PAGE_PARAM", defaults.pageParam()),
                env.getOrDefault("SYNC_CURSOR_PARAM", defaults.cursorParam()), token,
                Duration.ofSeconds(number(env, "SYNC_PAGE_TIMEOUT_SECONDS", 10L, Long::parseLong)),
                number(env, "SYNC_PAGE_ATTEMPTS", 3, Integer::parseInt), defaults.firstPause());
    }

    public Optional<String> tokenSecretArn() {
        return Optional.ofNullable(env.get("SYNC_TOKEN_SECRET_ARN")).filter(arn -> !arn.isBlank());
    }

    private static String required(Map<String, String> env, String name) {
        var value = env.get(name);
        if (value == null || value.isBlank()) {
            throw new IllegalStateException(name + " is not set");
        }
        return value;
    }

    private static List<String> list(String value) {
        return value == null ? List.of()
                : Arrays.stream(value.split(",")).map(String::strip).filter(item -> !item.isEmpty()).toList();
    }

    private static <T> T number(Map<String, String> env, String name, T fallback, Function<String, T> parse) {
        var value = env.get(name);
        try {
            return value == null || value.isBlank() ? fallback : parse.apply(value.strip());
        } catch (NumberFormatException e) {
            throw new IllegalStateException(name + " must be a number, got " + value, e);
        }
    }

    /** For the log: the settings without the environment. */
    @Override
    public String toString() {
        return "bucket " + bucket + ", full listings " + fullListingPrefixes.stream().sorted().collect(Collectors.joining(","))
                + ", delete share " + deleteShare + (sourceUrl.isPresent() ? ", a paginated source" : "");
    }
}
