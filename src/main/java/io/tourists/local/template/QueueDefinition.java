package io.tourists.local.template;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * An {@code AWS::SQS::Queue} as the local runtime creates it.
 *
 * @param attributes  the SQS attributes the runtime passes on (VisibilityTimeout, ...), RedrivePolicy aside
 * @param redrive     the RedrivePolicy, whose target ARN is known only once the dead-letter queue exists
 * @param notEmulated properties the template sets that a local queue does not honour (encryption, tags, ...)
 */
public record QueueDefinition(String logicalId, String queueName, Map<String, String> attributes,
                              Optional<Redrive> redrive, List<String> notEmulated) {

    /** Move a message to the dead-letter queue once it has been received maxReceiveCount times. */
    public record Redrive(String deadLetterQueueLogicalId, int maxReceiveCount) {}

    public boolean fifo() {
        return "true".equalsIgnoreCase(attributes.get("FifoQueue"));
    }
}
