package io.tourists.ops.imports;

import io.tourists.ops.internal.CliContext;
import io.tourists.ops.internal.OperatorException;
import io.tourists.ops.sqs.AwsOptions;
import java.net.URI;
import java.time.Duration;
import java.util.Optional;
import picocli.CommandLine.Option;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;

/** Where the import function keeps its sync state: the import bucket, and the S3 endpoint that serves it. */
public final class SyncOptions {

    @Option(names = "--bucket", paramLabel = "NAME",
            description = "the import bucket (the stack's ImportBucketName output; locally tourists-imports-local). "
                    + "Default: IMPORT_BUCKET")
    String bucket;

    @Option(names = "--s3-endpoint-url", paramLabel = "URL",
            description = "S3 endpoint, e.g. http://127.0.0.1:9100 for the local runtime "
                    + "(default: AWS_ENDPOINT_URL_S3, then AWS_ENDPOINT_URL, then AWS itself)")
    String endpointUrl;

    String bucket(CliContext context) {
        return Optional.ofNullable(bucket).or(() -> context.variable("IMPORT_BUCKET")).orElseThrow(() ->
                OperatorException.environment("which import bucket? pass --bucket (the stack's ImportBucketName output) "
                        + "or set IMPORT_BUCKET"));
    }

    /** An S3 client for the bucket, with the CLI's region, profile and credentials. */
    S3Client s3(CliContext context, AwsOptions aws) {
        var profile = Optional.ofNullable(aws.profile()).or(() -> context.variable("AWS_PROFILE"));
        var endpoint = Optional.ofNullable(endpointUrl).or(() -> context.variable("AWS_ENDPOINT_URL_S3"))
                .or(() -> context.variable("AWS_ENDPOINT_URL")).map(URI::create);
        var region = Optional.ofNullable(aws.region()).or(() -> context.variable("AWS_REGION")).map(Region::of)
                .orElse(Region.US_EAST_1);
        var credentials = context.credentials().apply(profile);
        try {
            credentials.resolveCredentials();
        } catch (SdkClientException e) {
            throw OperatorException.environment("no AWS credentials found; set AWS_PROFILE or AWS_ACCESS_KEY_ID/"
                    + "AWS_SECRET_ACCESS_KEY (any values do for the local runtime)", e);
        }
        var builder = S3Client.builder().region(region).credentialsProvider(credentials)
                .httpClient(UrlConnectionHttpClient.builder().connectionTimeout(Duration.ofSeconds(2)).build())
                .overrideConfiguration(c -> c.apiCallTimeout(Duration.ofSeconds(30)));
        endpoint.ifPresent(url -> builder.endpointOverride(url).forcePathStyle(true));
        return builder.build();
    }
}
