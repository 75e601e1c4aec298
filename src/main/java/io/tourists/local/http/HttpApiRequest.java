package io.tourists.local.http;

import java.io.IOException;
import java.io.OutputStream;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.eclipse.jetty.server.Request;

/**
 * An HTTP request as it reached the local API front, before API Gateway's translation.
 *
 * @param rawQuery the query string as sent, without '?'; null when there is none
 * @param headers  header names as the client sent them, each with its values in order
 */
public record HttpApiRequest(String method, String rawPath, String rawQuery, String protocol, String sourceIp,
                             Map<String, List<String>> headers, byte[] body) {

    /** The request Jetty received, with at most {@code limit} bytes of its body (the rest is read and dropped). */
    static HttpApiRequest read(Request request, int limit) throws IOException {
        var headers = new LinkedHashMap<String, List<String>>();
        for (var field : request.getHeaders()) {
            headers.computeIfAbsent(field.getName(), name -> new ArrayList<>()).add(field.getValue());
        }
        var uri = request.getHttpURI();
        var in = Request.asInputStream(request);
        var body = in.readNBytes(limit);
        in.transferTo(OutputStream.nullOutputStream());
        return new HttpApiRequest(request.getMethod(), uri.getPath(), uri.getQuery(),
                request.getConnectionMetaData().getProtocol(), Request.getRemoteAddr(request), headers, body);
    }

    /** A header's values joined with commas, as API Gateway passes repeated headers; names match in any case. */
    public Optional<String> header(String name) {
        var values = headers.entrySet().stream()
                .filter(entry -> entry.getKey().equalsIgnoreCase(name))
                .flatMap(entry -> entry.getValue().stream())
                .toList();
        return values.isEmpty() ? Optional.empty() : Optional.of(String.join(",", values));
    }
}
