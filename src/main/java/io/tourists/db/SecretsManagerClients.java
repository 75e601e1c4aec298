package io.tourists.db;

import java.net.URI;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClientBuilder;

/**
 * Builds Secrets Manager clients the way the project builds SDK clients: the light url-connection HTTP
 * client and short timeouts, so an unreachable Secrets Manager fails a connection attempt instead of
 * hanging it. Building a client does no I/O.
 */
public final class SecretsManagerClients {

    private SecretsManagerClients() {
    }

    /**
     * The client a Lambda function uses: region from {@code AWS_REGION} in the given environment, the default
     * credentials chain; the SDK also honours {@code AWS_ENDPOINT_URL_SECRETS_MANAGER} (LocalStack).
     */
    public static SecretsManagerClient fromEnvironment(Map<String, String> env) {
        var builder = builder().credentialsProvider(DefaultCredentialsProvider.builder().build());
        Optional.ofNullable(env.get("AWS_REGION")).map(Region::of).ifPresent(builder::region);
        return builder.build();
    }

    /** A client for an explicit endpoint: a local stand-in, LocalStack, or a chosen AWS endpoint. */
    public static SecretsManagerClient forEndpoint(URI endpoint, Region region, AwsCredentialsProvider credentials) {
        return builder().endpointOverride(endpoint).region(region).credentialsProvider(credentials).build();
    }

    private static SecretsManagerClientBuilder builder() {
        return SecretsManagerClient.builder()
                .httpClient(UrlConnectionHttpClient.builder()
                        .connectionTimeout(Duration.ofSeconds(2))
                        .socketTimeout(Duration.ofSeconds(5))
                        .build())
                .overrideConfiguration(c -> c.apiCallTimeout(Duration.ofSeconds(5)));
    }
}
