package io.tourists.api;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import io.tourists.lambda.InvocationMetrics;

/**
 * What the write API counts, one request at a time: accepted (202), rejected (any 4xx: the client's
 * input, nothing enqueued) and queue unavailable (503: SQS did not take the write). Each request counts
 * 1 in one of them and 0 in the others, so sums and rates read right in CloudWatch.
 */
final class ApiMetrics {

    static final String ACCEPTED = "WritesAccepted";
    static final String REJECTED = "WritesRejected";
    static final String QUEUE_UNAVAILABLE = "QueueUnavailable";

    private ApiMetrics() {
    }

    static APIGatewayV2HTTPResponse record(APIGatewayV2HTTPResponse response, InvocationMetrics metrics) {
        int status = response.getStatusCode();
        metrics.count(ACCEPTED, status == 202 ? 1 : 0);
        metrics.count(REJECTED, status >= 400 && status < 500 ? 1 : 0);
        metrics.count(QUEUE_UNAVAILABLE, status == 503 ? 1 : 0);
        return response;
    }
}
