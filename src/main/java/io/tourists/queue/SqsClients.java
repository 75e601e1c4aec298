package io.tourists.queue;

import java.net.URI;
import java.time.Duration;
import java.util.Optional;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.sqs.SqsClient;

/**
 * Builds the SQS clients of tools (the local runtime, the operator CLI, the tests): the light url-connection
 * HTTP client, an explicit region and credentials provider, and call timeouts short enough that a queue outage
 * becomes an answer, not a hang. A function on Lambda builds its own through {@code lambda.AwsClients}.
 */
public final class SqsClients {

    private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(2);
    private static final Duration SOCKET_TIMEOUT = Duration.ofSeconds(25);

    private SqsClients() {
    }

    /** A client for an explicit endpoint: the local stack, LocalStack, or a chosen AWS endpoint. */
    public static SqsClient forEndpoint(URI endpoint, Region region, AwsCredentialsProvider credentials,
                                        Duration apiCallTimeout) {
        return forTool(Optional.of(endpoint), region, credentials, apiCallTimeout);
    }

    /**
     * A client for a tool run outside Lambda (the local runtime, the operator CLI): the given endpoint, or the
     * region's own AWS endpoint when there is none, with explicit credentials.
     */
    public static SqsClient forTool(Optional<URI> endpoint, Region region, AwsCredentialsProvider credentials,
                                    Duration apiCallTimeout) {
        var builder = SqsClient.builder()
                .httpClient(UrlConnectionHttpClient.builder()
                        .connectionTimeout(CONNECT_TIMEOUT)
                        .socketTimeout(SOCKET_TIMEOUT)
                        .build())
                .region(region)
                .credentialsProvider(credentials)
                .overrideConfiguration(c -> c.apiCallTimeout(apiCallTimeout));
        endpoint.ifPresent(builder::endpointOverride);
        return builder.build();
    }
}
