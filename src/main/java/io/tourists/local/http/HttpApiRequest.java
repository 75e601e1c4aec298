package io.tourists.local.http;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * An HTTP request as it reached the local API front, before API Gateway's translation.
 *
 * @param rawQuery the query string as sent, without '?'; null when there is none
 * @param headers  header names as the client sent them, each with its values in order
 */
public record HttpApiRequest(String method, String rawPath, String rawQuery, String protocol, String sourceIp,
                             Map<String, List<String>> headers, byte[] body) {

    /** A header's values joined with commas, as API Gateway passes repeated headers; names match in any case. */
    public Optional<String> header(String name) {
        var values = headers.entrySet().stream()
                .filter(entry -> entry.getKey().equalsIgnoreCase(name))
                .flatMap(entry -> entry.getValue().stream())
                .toList();
        return values.isEmpty() ? Optional.empty() : Optional.of(String.join(",", values));
    }
}
