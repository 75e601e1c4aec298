package io.tourists.local;

import io.tourists.local.sqs.EmbeddedSqs;
import io.tourists.local.sqs.LocalQueues;
import io.tourists.local.sqs.QueueRef;
import io.tourists.local.sqs.SqsClientFactory;
import io.tourists.local.template.PipelineTemplate;
import java.time.Duration;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.sqs.SqsClient;

/**
 * The pipeline's SQS, ready: the embedded ElasticMQ started (or another endpoint reached), and the template's
 * queues created there, or the given queues looked up.
 *
 * @param queues   by logical id
 * @param inMemory the embedded ElasticMQ without a data directory: its messages go when it stops
 */
record StartedSqs(SqsClientFactory clients, SqsClient client, Map<String, QueueRef> queues, boolean inMemory,
                  String description) {

    private static final Duration RUNTIME_CALL_TIMEOUT = Duration.ofSeconds(10);

    static StartedSqs start(RuntimeSettings.Sqs choice, Region region, PipelineTemplate template, String writeQueueId,
                            Optional<String> deadLetterQueueId, Parts parts) {
        var credentials = AwsAccess.credentials(choice);
        var clients = switch (choice) {
            case RuntimeSettings.Sqs.Embedded embedded -> {
                // The runtime stops ElasticMQ itself, after the consumer has settled its last batch.
                System.setProperty("pekko.coordinated-shutdown.run-by-jvm-shutdown-hook", "off");
                var server = EmbeddedSqs.start(embedded.port(), embedded.dataDirectory());
                parts.add("ElasticMQ", server);
                yield new SqsClientFactory(Optional.of(server.endpoint()), region, credentials);
            }
            case RuntimeSettings.Sqs.Endpoint endpoint ->
                    new SqsClientFactory(Optional.of(endpoint.endpoint()), region, credentials);
            case RuntimeSettings.Sqs.ExistingQueues existing ->
                    new SqsClientFactory(existing.endpoint(), region, credentials);
        };
        var description = clients.describe() + switch (choice) {
            case RuntimeSettings.Sqs.Embedded embedded -> " (embedded ElasticMQ, "
                    + embedded.dataDirectory().map(dir -> "messages kept in " + dir).orElse("messages in memory") + ")";
            case RuntimeSettings.Sqs.Endpoint endpoint -> " (queues created from the template when missing)";
            case RuntimeSettings.Sqs.ExistingQueues existing -> " (existing queues, used as they are)";
        };
        var client = clients.client(RUNTIME_CALL_TIMEOUT);
        parts.add("the runtime's SQS client", client);
        var queues = new LocalQueues(client);
        var refs = new LinkedHashMap<String, QueueRef>();
        try {
            if (choice instanceof RuntimeSettings.Sqs.ExistingQueues existing) {
                refs.put(writeQueueId, queues.existing(writeQueueId, existing.queueUrl()));
                deadLetterQueueId.ifPresent(id -> refs.put(id, queues.existing(id, existing.deadLetterQueueUrl())));
            } else {
                for (var logicalId : template.queueLogicalIds()) {
                    refs.putAll(queues.deploy(template, logicalId));
                }
            }
        } catch (SdkException e) {
            throw new IllegalStateException("SQS at " + description + " did not answer as expected: " + e.getMessage(), e);
        }
        var inMemory = choice instanceof RuntimeSettings.Sqs.Embedded embedded && embedded.dataDirectory().isEmpty();
        return new StartedSqs(clients, client, Collections.unmodifiableMap(refs), inMemory, description);
    }
}
