package io.tourists.queue;

import io.tourists.lambda.LambdaAwsClients;
import io.tourists.lambda.PrimingHttpClient;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.HexFormat;
import java.util.Map;
import java.util.Optional;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.sqs.SqsClient;

/**
 * Builds SQS clients the one way the project does: the light url-connection HTTP client, an explicit region
 * and credentials provider, and call timeouts short enough that a queue outage becomes an answer, not a hang.
 */
public final class SqsClients {

    private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(2);
    private static final Duration SOCKET_TIMEOUT = Duration.ofSeconds(25);

    private SqsClients() {
    }

    /** The client a Lambda function uses: everything from its environment. */
    public static SqsClient fromEnvironment(Duration apiCallTimeout) {
        return fromEnvironment(System.getenv(), apiCallTimeout);
    }

    /**
     * The client a Lambda function uses, from its environment: region from {@code AWS_REGION}, the credentials
     * Lambda provides and no profile file. The SDK also honours {@code AWS_ENDPOINT_URL_SQS}, which is how a
     * function reaches LocalStack or ElasticMQ.
     */
    public static SqsClient fromEnvironment(Map<String, String> env, Duration apiCallTimeout) {
        return forFunction(env, Optional.empty(), apiCallTimeout);
    }

    /**
     * The client a Lambda function uses for one queue: as {@link #fromEnvironment(Map, Duration)}, with the
     * endpoint taken from the queue's own URL ({@code https://sqs.eu-west-1.amazonaws.com/123456789012/q} is
     * served by {@code https://sqs.eu-west-1.amazonaws.com}), so nothing is resolved at run time; and a way to
     * run its SendMessage path once during init without sending anything.
     */
    public static PrimableSqsClient forQueue(Map<String, String> env, String queueUrl, Duration apiCallTimeout) {
        var http = new PrimingHttpClient(LambdaAwsClients.httpClient(CONNECT_TIMEOUT, SOCKET_TIMEOUT));
        return new PrimableSqsClient(forFunction(env, Optional.of(origin(queueUrl)), http, apiCallTimeout), http, queueUrl);
    }

    /** An SQS client whose SendMessage path can be run once in the process, with no message sent. */
    public record PrimableSqsClient(SqsClient client, PrimingHttpClient http, String queueUrl) {

        private static final String SAMPLE_BODY = "{}";

        /**
         * A SendMessage to the queue, answered inside the process as SQS would answer it: the SDK's request
         * path (marshalling, endpoint rules, signing, interceptors, the response and its MD5 check) is loaded
         * and initialised, and nothing reaches SQS. For the init phase and SnapStart's beforeCheckpoint.
         */
        public void primeSendMessage() {
            var answer = ("{\"MD5OfMessageBody\":\"" + md5Hex(SAMPLE_BODY) + "\",\"MessageId\":"
                    + "\"00000000-0000-4000-8000-000000000000\"}").getBytes(StandardCharsets.UTF_8);
            http.offline(request -> new PrimingHttpClient.Answer(200, "application/x-amz-json-1.0", answer),
                    () -> client.sendMessage(r -> r.queueUrl(queueUrl).messageBody(SAMPLE_BODY)));
        }

        private static String md5Hex(String text) {
            try {
                return HexFormat.of().formatHex(MessageDigest.getInstance("MD5").digest(text.getBytes(StandardCharsets.UTF_8)));
            } catch (NoSuchAlgorithmException e) {
                throw new IllegalStateException(e);
            }
        }
    }

    private static SqsClient forFunction(Map<String, String> env, Optional<URI> endpoint, Duration apiCallTimeout) {
        return forFunction(env, endpoint, LambdaAwsClients.httpClient(CONNECT_TIMEOUT, SOCKET_TIMEOUT), apiCallTimeout);
    }

    private static SqsClient forFunction(Map<String, String> env, Optional<URI> endpoint, SdkHttpClient http,
                                         Duration apiCallTimeout) {
        var builder = SqsClient.builder()
                .httpClient(http)
                .credentialsProvider(LambdaAwsClients.credentials(env))
                .overrideConfiguration(c -> c.apiCallTimeout(apiCallTimeout)
                        .defaultProfileFileSupplier(LambdaAwsClients::noProfileFile));
        Optional.ofNullable(env.get("AWS_REGION")).map(Region::of).ifPresent(builder::region);
        endpoint.ifPresent(builder::endpointOverride);
        return builder.build();
    }

    /** The scheme, host and port of a queue URL. */
    static URI origin(String queueUrl) {
        var url = URI.create(queueUrl);
        if (url.getScheme() == null || url.getRawAuthority() == null) {
            throw new IllegalArgumentException("not a queue URL: " + queueUrl);
        }
        return URI.create(url.getScheme() + "://" + url.getRawAuthority());
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
                .httpClient(LambdaAwsClients.httpClient(CONNECT_TIMEOUT, SOCKET_TIMEOUT))
                .region(region)
                .credentialsProvider(credentials)
                .overrideConfiguration(c -> c.apiCallTimeout(apiCallTimeout));
        endpoint.ifPresent(builder::endpointOverride);
        return builder.build();
    }
}
