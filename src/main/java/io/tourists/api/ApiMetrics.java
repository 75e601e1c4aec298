package io.tourists.api;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import io.tourists.lambda.InvocationMetrics;

/**
 * What the write API counts, in writes: accepted (on the queue), rejected (the client's input: nothing
 * enqueued) and queue unavailable (the queue did not confirm the write). A single write's request counts 1 in
 * one of them, by its status (202, any 4xx, 503), and 0 in the others, so sums and rates read right in
 * CloudWatch. A batch counts each of its writes where it went ({@link WriteTally}); a batch refused whole
 * (400, 413, 415) counts as one rejected request, since its writes were never read one by one.
 */
final class ApiMetrics {

    static final String ACCEPTED = "WritesAccepted";
    static final String REJECTED = "WritesRejected";
    static final String QUEUE_UNAVAILABLE = "QueueUnavailable";

    private ApiMetrics() {
    }

    static APIGatewayV2HTTPResponse record(APIGatewayV2HTTPResponse response, WriteTally tally,
                                           InvocationMetrics metrics) {
        if (tally.counted()) {
            metrics.count(ACCEPTED, tally.accepted());
            metrics.count(REJECTED, tally.rejected());
            metrics.count(QUEUE_UNAVAILABLE, tally.unconfirmed());
            return response;
        }
        int status = response.getStatusCode();
        metrics.count(ACCEPTED, status == 202 ? 1 : 0);
        metrics.count(REJECTED, status >= 400 && status < 500 ? 1 : 0);
        metrics.count(QUEUE_UNAVAILABLE, status == 503 ? 1 : 0);
        return response;
    }
}
