package io.tourists.local.sqs;

import io.tourists.queue.SqsClients;
import java.net.URI;
import java.time.Duration;
import java.util.Optional;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.sqs.SqsClient;

/**
 * Builds the SQS clients of the runtime and of every function environment for the one SQS the pipeline uses:
 * embedded ElasticMQ (any static credentials), another endpoint such as LocalStack, or real AWS (no endpoint:
 * the region's, with the default credentials chain).
 */
public record SqsClientFactory(Optional<URI> endpoint, Region region, AwsCredentialsProvider credentials) {

    /** A client whose calls give up after {@code apiCallTimeout}, built the project's one way. */
    public SqsClient client(Duration apiCallTimeout) {
        return SqsClients.forTool(endpoint, region, credentials, apiCallTimeout);
    }

    public String describe() {
        return endpoint.map(URI::toString).orElse("AWS") + ", region " + region.id();
    }
}
