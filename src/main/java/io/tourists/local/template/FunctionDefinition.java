package io.tourists.local.template;

import java.time.Duration;
import java.util.OptionalInt;

/**
 * What the local runtime needs of an {@code AWS::Serverless::Function}.
 *
 * @param reservedConcurrency ReservedConcurrentExecutions: the most execution environments it may have at once
 */
public record FunctionDefinition(String logicalId, String functionName, Duration timeout, int memoryMb,
                                 OptionalInt reservedConcurrency) {
}
