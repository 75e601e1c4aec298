package io.tourists.http;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/** Reads what the handlers need from an HTTP API (payload 2.0) event. */
public final class HttpRequests {

    private static final Pattern CORRELATION_ID = Pattern.compile("[A-Za-z0-9._:\\-]{1,128}");

    private HttpRequests() {
    }

    public static String method(APIGatewayV2HTTPEvent event) {
        return event.getRequestContext().getHttp().getMethod();
    }

    /** API Gateway sends header names in lower case in payload 2.0. */
    public static Optional<String> header(APIGatewayV2HTTPEvent event, String lowerCaseName) {
        Map<String, String> headers = event.getHeaders();
        return headers == null ? Optional.empty() : Optional.ofNullable(headers.get(lowerCaseName));
    }

    /**
     * The caller's {@code X-Correlation-Id} when it is a sane token, else API Gateway's request id: every
     * log line of this write, in the API and in the consumer, carries it.
     */
    public static String correlationId(APIGatewayV2HTTPEvent event) {
        return header(event, HttpResponses.CORRELATION_HEADER)
                .filter(id -> CORRELATION_ID.matcher(id).matches())
                .orElseGet(() -> event.getRequestContext().getRequestId());
    }
}
