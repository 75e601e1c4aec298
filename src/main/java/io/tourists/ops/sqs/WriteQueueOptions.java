package io.tourists.ops.sqs;

import picocli.CommandLine.Option;

/** Which write queue, by name or by URL: for the commands that send to it. */
public class WriteQueueOptions {

    public static final String DEFAULT_QUEUE = "tourist-writes";

    @Option(names = "--queue", paramLabel = "NAME", defaultValue = DEFAULT_QUEUE,
            description = "the write queue's name (default: ${DEFAULT-VALUE})")
    String queueName;

    @Option(names = "--queue-url", paramLabel = "URL", description = "the write queue's URL, instead of its name")
    String queueUrl;

    @Option(names = "--stack", paramLabel = "STACK", description = "the deployed stack whose outputs name the queues "
            + "(WriteQueueUrl, DeadLetterQueueUrl; read with the AWS CLI), instead of --queue and --dlq")
    String stackName;
}
