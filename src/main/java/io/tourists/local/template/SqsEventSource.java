package io.tourists.local.template;

import java.time.Duration;
import java.util.OptionalInt;

/**
 * A function's SQS event (its event source mapping), with Lambda's defaults for what the template leaves out.
 *
 * @param maximumConcurrency ScalingConfig.MaximumConcurrency; empty when the template sets none
 */
public record SqsEventSource(String eventName, String queueLogicalId, int batchSize, Duration batchingWindow,
                             OptionalInt maximumConcurrency, boolean reportBatchItemFailures, boolean enabled) {
}
