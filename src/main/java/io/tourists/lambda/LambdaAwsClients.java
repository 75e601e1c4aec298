package io.tourists.lambda;

import java.net.URI;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.AwsSessionCredentials;
import software.amazon.awssdk.auth.credentials.ContainerCredentialsProvider;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.profiles.ProfileFile;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.sqs.SqsClient;

/**
 * The SDK clients a function builds on Lambda ({@link AwsClients#fromEnvironment}), given what the environment
 * holds instead of discovering it: the credentials Lambda hands over, no profile file, the light HTTP client,
 * the region from {@code AWS_REGION}. The SDK's defaults search for these at the first call (system
 * properties, environment, profile files, web identity, container and instance metadata), which is class
 * loading and file probing on the cold path for an answer the environment already holds.
 * https://docs.aws.amazon.com/sdk-for-java/latest/developer-guide/lambda-optimize-starttime.html
 */
public final class LambdaAwsClients implements AwsClients.Source {

    /** Lambda sets these with SnapStart, instead of the access keys, so credentials outlive a restore. */
    static final String CONTAINER_CREDENTIALS_URI = "AWS_CONTAINER_CREDENTIALS_FULL_URI";

    private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(2);

    private final Map<String, String> env;

    LambdaAwsClients(Map<String, String> env) {
        this.env = env;
    }

    /**
     * An SQS client whose calls give up after {@code apiCallTimeout}. Its endpoint is the origin of
     * {@code WRITE_QUEUE_URL} (https://sqs.eu-west-1.amazonaws.com/123456789012/q is served by
     * https://sqs.eu-west-1.amazonaws.com), where the function's queues live: on AWS, LocalStack or a local
     * ElasticMQ alike. Its HTTP client can answer in the process while priming ({@link SqsPriming}).
     */
    @Override
    public SqsClient sqs(Duration apiCallTimeout) {
        var builder = SqsClient.builder()
                .httpClient(new PrimingHttpClient(httpClient(CONNECT_TIMEOUT, Duration.ofSeconds(25))))
                .credentialsProvider(credentials(env))
                .overrideConfiguration(c -> c.apiCallTimeout(apiCallTimeout)
                        .defaultProfileFileSupplier(LambdaAwsClients::noProfileFile));
        Optional.ofNullable(env.get("AWS_REGION")).map(Region::of).ifPresent(builder::region);
        Optional.ofNullable(env.get("WRITE_QUEUE_URL")).map(LambdaAwsClients::origin).ifPresent(builder::endpointOverride);
        return builder.build();
    }

    /**
     * GetSecretValue as one signed HTTPS call ({@link SignedSecretReader}): what a database function's first
     * connection needs, without the Secrets Manager client's build (about 1,200 classes of a cold start).
     */
    @Override
    public SecretSource secrets() {
        return SignedSecretReader.fromEnvironment(env, credentials(env));
    }

    @Override
    public void primeSendMessage(SqsClient client, String queueUrl) {
        SqsPriming.sendMessage(client, queueUrl);
    }

    /**
     * The execution role's credentials as Lambda provides them: from the container credentials endpoint when
     * SnapStart is on (https://docs.aws.amazon.com/lambda/latest/dg/snapstart-activate.html#snapstart-credentials),
     * else from the access keys in the environment. Outside Lambda, with neither, the SDK's default chain.
     */
    public static AwsCredentialsProvider credentials(Map<String, String> env) {
        if (env.get(CONTAINER_CREDENTIALS_URI) != null) {
            return ContainerCredentialsProvider.builder().build();
        }
        var accessKey = env.get("AWS_ACCESS_KEY_ID");
        var secretKey = env.get("AWS_SECRET_ACCESS_KEY");
        if (accessKey != null && secretKey != null) {
            var token = env.get("AWS_SESSION_TOKEN");
            return StaticCredentialsProvider.create(token == null
                    ? AwsBasicCredentials.create(accessKey, secretKey)
                    : AwsSessionCredentials.create(accessKey, secretKey, token));
        }
        return DefaultCredentialsProvider.builder().build();
    }

    /** Lambda has no ~/.aws/config or credentials file: an empty one spares the SDK looking for them. */
    public static ProfileFile noProfileFile() {
        return ProfileFile.aggregator().build();
    }

    /**
     * The url-connection client: the JDK's HttpURLConnection, nothing to start. The CRT client loads fewer
     * classes but ships a 23 MB jar of native libraries (docs/benchmarks-analysis.md).
     */
    static SdkHttpClient httpClient(Duration connectTimeout, Duration socketTimeout) {
        return UrlConnectionHttpClient.builder()
                .connectionTimeout(connectTimeout)
                .socketTimeout(socketTimeout)
                .build();
    }

    /** The scheme, host and port of a queue URL. */
    static URI origin(String queueUrl) {
        var url = URI.create(queueUrl);
        if (url.getScheme() == null || url.getRawAuthority() == null) {
            throw new IllegalArgumentException("not a queue URL: " + queueUrl);
        }
        return URI.create(url.getScheme() + "://" + url.getRawAuthority());
    }
}
