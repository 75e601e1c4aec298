package io.tourists.local.sqs;

import java.util.Map;

/** A queue as it exists: where to send to it, its ARN, and the attributes SQS reports for it. */
public record QueueRef(String logicalId, String url, String arn, Map<String, String> attributes) {

    public String name() {
        return url.substring(url.lastIndexOf('/') + 1);
    }
}
