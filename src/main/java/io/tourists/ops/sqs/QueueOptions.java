package io.tourists.ops.sqs;

import picocli.CommandLine.Option;

/** Which pair of queues: the write queue and its dead-letter queue, by name or by URL. */
public final class QueueOptions {

    public static final String DEFAULT_QUEUE = "tourist-writes";

    @Option(names = "--queue", paramLabel = "NAME", defaultValue = DEFAULT_QUEUE,
            description = "the write queue's name (default: ${DEFAULT-VALUE})")
    String queueName;

    @Option(names = "--queue-url", paramLabel = "URL", description = "the write queue's URL, instead of its name")
    String queueUrl;

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
