package io.tourists.local.http;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * Decides, before the function runs, whether a request may use its route: what API Gateway's authorizers do.
 * A refusal is answered by the front itself; the function never sees the request.
 */
@FunctionalInterface
public interface HttpApiAuthorizer {

    /** Lets every request through with no authorizer context, as {@code sam local} does. */
    HttpApiAuthorizer OPEN = (request, route, now) -> new Decision.Allowed(Map.of());

    Decision authorize(HttpApiRequest request, HttpApiRoute route, Instant now);

    /** Let through, with what the function finds in requestContext.authorizer; or refused, with API Gateway's answer. */
    sealed interface Decision {

        /** @param context requestContext.authorizer ({@code jwt} or {@code iam}); empty for a route open to anyone */
        record Allowed(Map<String, Object> context) implements Decision {
            public Allowed {
                context = Map.copyOf(context);
            }
        }

        /** @param headers added to API Gateway's {@code {"message": ...}} answer, e.g. www-authenticate */
        record Refused(int status, String message, List<Map.Entry<String, String>> headers) implements Decision {
            public Refused {
                headers = List.copyOf(headers);
            }

            public Refused(int status, String message) {
                this(status, message, List.of());
            }
        }
    }
}
