package io.tourists.queue;

import java.net.URI;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.sqs.SqsClient;

/**
 * Builds SQS clients the one way the project does: the light url-connection HTTP client, region from
 * {@code AWS_REGION}, and call timeouts short enough that a queue outage becomes an answer, not a hang.
 * The SDK also honours {@code AWS_ENDPOINT_URL_SQS}, which is how a function reaches LocalStack or ElasticMQ.
 */
public final class SqsClients {

    private SqsClients() {
    }

    /** The client a Lambda function uses: everything from its environment. */
    public static SqsClient fromEnvironment(Duration apiCallTimeout) {
        return fromEnvironment(System.getenv(), apiCallTimeout);
    }

    /** The same, with the region from the given environment. */
    public static SqsClient fromEnvironment(Map<String, String> env, Duration apiCallTimeout) {
        var builder = SqsClient.builder()
                .httpClient(httpClient())
                .credentialsProvider(DefaultCredentialsProvider.builder().build())
                .overrideConfiguration(c -> c.apiCallTimeout(apiCallTimeout));
        Optional.ofNullable(env.get("AWS_REGION")).map(Region::of).ifPresent(builder::region);
        return builder.build();
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
                .httpClient(httpClient())
                .region(region)
                .credentialsProvider(credentials)
                .overrideConfiguration(c -> c.apiCallTimeout(apiCallTimeout));
        endpoint.ifPresent(builder::endpointOverride);
        return builder.build();
    }

    private static software.amazon.awssdk.http.SdkHttpClient httpClient() {
        return UrlConnectionHttpClient.builder()
                .connectionTimeout(Duration.ofSeconds(2))
                .socketTimeout(Duration.ofSeconds(25))
                .build();
    }
}
