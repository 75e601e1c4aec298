package io.tourists.imports;

import io.tourists.lambda.LambdaAwsClients;
import java.net.URI;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * The import function's S3 client, built as the other functions build theirs (LambdaAwsClients): the light
 * url-connection HTTP client, Lambda's credentials, no profile file, the region from {@code AWS_REGION}. With
 * {@code AWS_ENDPOINT_URL_S3} set (the local runtime's S3 store), that endpoint with path-style addressing.
 */
public final class ImportClients {

    private ImportClients() {
    }

    public static S3Client s3(Map<String, String> env) {
        var builder = S3Client.builder()
                .httpClient(UrlConnectionHttpClient.builder()
                        .connectionTimeout(Duration.ofSeconds(2))
                        .socketTimeout(Duration.ofSeconds(30))
                        .build())
                .credentialsProvider(LambdaAwsClients.credentials(env))
                .overrideConfiguration(c -> c.apiCallTimeout(Duration.ofSeconds(60))
                        .defaultProfileFileSupplier(LambdaAwsClients::noProfileFile));
        Optional.ofNullable(env.get("AWS_REGION")).map(Region::of).ifPresent(builder::region);
        Optional.ofNullable(env.get("AWS_ENDPOINT_URL_S3")).filter(url -> !url.isBlank()).map(URI::create)
                .ifPresent(endpoint -> builder.endpointOverride(endpoint).forcePathStyle(true));
        return builder.build();
    }
}
