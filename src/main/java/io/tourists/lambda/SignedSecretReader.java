package io.tourists.lambda;

import com.fasterxml.jackson.core.io.JsonStringEncoder;
import com.fasterxml.jackson.databind.JsonNode;
import io.tourists.json.Json;
import java.io.IOException;
import java.io.InputStream;
import java.net.HttpURLConnection;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.locks.LockSupport;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.http.ContentStreamProvider;
import software.amazon.awssdk.http.SdkHttpMethod;
import software.amazon.awssdk.http.SdkHttpRequest;
import software.amazon.awssdk.http.auth.aws.signer.AwsV4HttpSigner;
import software.amazon.awssdk.http.auth.spi.signer.SignedRequest;
import software.amazon.awssdk.identity.spi.AwsCredentialsIdentity;

/**
 * Secrets Manager's GetSecretValue as one HTTPS call signed with the SDK's own Signature Version 4 signer, without
 * the service's SDK client: a database function reads one secret, at its first connection, and building the client
 * for it (its endpoint rules, interceptors, marshallers, retry machinery: about 1,200 classes) was the longest part
 * of that connection's cold path (docs/benchmarks-analysis.md). The call is the AWS JSON 1.1 protocol the client
 * sends (POST /, {@code X-Amz-Target: secretsmanager.GetSecretValue}); an answer the service marks as worth
 * retrying (throttling, 5xx) or a broken connection is tried again, three tries in all, as the SDK's standard retry
 * mode does. https://docs.aws.amazon.com/secretsmanager/latest/apireference/API_GetSecretValue.html
 */
final class SignedSecretReader implements SecretSource {

    private static final String TARGET = "secretsmanager.GetSecretValue";
    private static final String JSON_1_1 = "application/x-amz-json-1.1";
    private static final int TRIES = 3;
    private static final Duration FIRST_BACKOFF = Duration.ofMillis(100);
    private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(2);
    private static final Duration READ_TIMEOUT = Duration.ofSeconds(5);

    private final URI endpoint;
    private final String region;
    private final AwsCredentialsProvider credentials;

    SignedSecretReader(URI endpoint, String region, AwsCredentialsProvider credentials) {
        this.endpoint = endpoint;
        this.region = region;
        this.credentials = credentials;
    }

    /**
     * The endpoint the SDK would use: {@code AWS_ENDPOINT_URL_SECRETS_MANAGER}, else {@code AWS_ENDPOINT_URL},
     * else the region's (https://docs.aws.amazon.com/sdkref/latest/guide/feature-ss-endpoints.html); a VPC interface
     * endpoint with private DNS answers on the regional name.
     */
    static SignedSecretReader fromEnvironment(Map<String, String> env, AwsCredentialsProvider credentials) {
        var region = Optional.ofNullable(env.get("AWS_REGION"))
                .orElseThrow(() -> new IllegalStateException("AWS_REGION is not set"));
        var endpoint = Optional.ofNullable(env.get("AWS_ENDPOINT_URL_SECRETS_MANAGER"))
                .or(() -> Optional.ofNullable(env.get("AWS_ENDPOINT_URL")))
                .map(URI::create)
                .orElseGet(() -> URI.create("https://secretsmanager." + region + ".amazonaws.com"
                        + (region.startsWith("cn-") ? ".cn" : "")));
        return new SignedSecretReader(endpoint, region, credentials);
    }

    /** Where the calls go. */
    URI endpoint() {
        return endpoint;
    }

    @Override
    public String secretString(String secretId) {
        // Written by hand, not with databind: its map serializers are nothing else's on a restored first request.
        var body = ("{\"SecretId\":\"" + new String(JsonStringEncoder.getInstance().quoteAsString(secretId)) + "\"}")
                .getBytes(StandardCharsets.UTF_8);
        RuntimeException last = null;
        for (int attempt = 1; attempt <= TRIES; attempt++) {
            if (attempt > 1) {
                LockSupport.parkNanos(FIRST_BACKOFF.toNanos() << (attempt - 2));
            }
            try {
                var answer = call(body);
                if (answer.status() == 200) {
                    var value = answer.json().get("SecretString");
                    return value == null || value.isNull() ? null : value.asText();
                }
                var failure = new Unreadable("GetSecretValue of " + secretId + " failed: HTTP "
                        + answer.status() + " " + answer.errorType(), null);
                if (!answer.retryable()) {
                    throw failure;
                }
                last = failure;
            } catch (IOException e) {
                last = new Unreadable("GetSecretValue of " + secretId + " failed: " + e.getMessage(), e);
            }
        }
        throw last;
    }

    /**
     * Signs a sample request with stand-in credentials and sends nothing: before a SnapStart snapshot, so that a
     * restored environment's first secret read loads none of the signer's classes.
     */
    @Override
    public void prime() {
        sign("{\"SecretId\":\"priming\"}".getBytes(StandardCharsets.UTF_8),
                AwsBasicCredentials.create("AKIAPRIMINGONLY00000", "priming-only-not-a-secret-key"));
    }

    private SignedRequest sign(byte[] body, AwsCredentialsIdentity identity) {
        var request = SdkHttpRequest.builder().method(SdkHttpMethod.POST).uri(endpoint).encodedPath("/")
                .putHeader("Content-Type", JSON_1_1)
                .putHeader("X-Amz-Target", TARGET)
                .build();
        return AwsV4HttpSigner.create().sign(r -> r.identity(identity)
                .request(request)
                .payload(ContentStreamProvider.fromByteArray(body))
                .putProperty(AwsV4HttpSigner.SERVICE_SIGNING_NAME, "secretsmanager")
                .putProperty(AwsV4HttpSigner.REGION_NAME, region));
    }

    private Answer call(byte[] body) throws IOException {
        AwsCredentialsIdentity identity;
        try {
            identity = credentials.resolveCredentials();
        } catch (SdkException e) {
            throw new Unreadable("the function's credentials could not be resolved: " + e.getMessage(), e);
        }
        var signed = sign(body, identity);
        var connection = (HttpURLConnection) signed.request().getUri().toURL().openConnection();
        try {
            connection.setRequestMethod("POST");
            connection.setConnectTimeout((int) CONNECT_TIMEOUT.toMillis());
            connection.setReadTimeout((int) READ_TIMEOUT.toMillis());
            connection.setDoOutput(true);
            signed.request().forEachHeader((name, values) -> {
                // HttpURLConnection writes Host itself, from the same URI the signer read it from.
                if (!name.equalsIgnoreCase("Host")) {
                    connection.setRequestProperty(name, String.join(",", values));
                }
            });
            connection.setFixedLengthStreamingMode(body.length);
            try (var out = connection.getOutputStream()) {
                out.write(body);
            }
            int status = connection.getResponseCode();
            try (InputStream in = status < 400 ? connection.getInputStream() : connection.getErrorStream()) {
                var text = in == null ? new byte[0] : in.readAllBytes();
                return new Answer(status, text.length == 0 ? Json.MAPPER.createObjectNode() : Json.MAPPER.readTree(text));
            }
        } finally {
            connection.disconnect();
        }
    }

    /** An answer and what it says; an error's type is the service's {@code __type}, without its namespace. */
    private record Answer(int status, JsonNode json) {

        String errorType() {
            var type = json.path("__type").asText("");
            return type.substring(type.lastIndexOf('#') + 1);
        }

        boolean retryable() {
            var type = errorType();
            return status >= 500 || status == 429 || type.contains("Throttling") || type.equals("RequestTimeout");
        }
    }
}
