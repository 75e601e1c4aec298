package io.tourists.ops.sqs;

import picocli.CommandLine.Option;

/** Which pair of queues: the write queue and its dead-letter queue, by name or by URL. */
public final class QueueOptions extends WriteQueueOptions {

    @Option(names = "--dlq", paramLabel = "NAME",
            description = "the dead-letter queue's name (default: <queue>-dlq, or <queue>-dlq.fifo for a FIFO queue)")
    String deadLetterQueueName;

    @Option(names = "--dlq-url", paramLabel = "URL", description = "the dead-letter queue's URL, instead of its name")
    String deadLetterQueueUrl;

    /** The dead-letter queue's name by convention, as template.yaml names it: {@code tourist-writes-dlq}. */
    public static String defaultDeadLetterQueueName(String queueName) {
        return queueName.endsWith(".fifo")
                ? queueName.substring(0, queueName.length() - ".fifo".length()) + "-dlq.fifo"
                : queueName + "-dlq";
    }

    String deadLetterQueueName() {
        return deadLetterQueueName != null ? deadLetterQueueName : defaultDeadLetterQueueName(queueName);
    }
}
