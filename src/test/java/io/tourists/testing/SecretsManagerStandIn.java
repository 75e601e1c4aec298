package io.tourists.testing;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.tourists.db.SecretsManagerClients;
import io.tourists.json.Json;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;

/**
 * A local stand-in for AWS Secrets Manager that answers GetSecretValue the way the service does: the AWS
 * JSON 1.1 protocol (POST /, {@code X-Amz-Target: secretsmanager.GetSecretValue}, a signed request), a
 * {@code SecretString} for a known secret and a {@code ResourceNotFoundException} otherwise. The AWS SDK
 * reaches it through its endpoint override, so the whole client path runs: signing, marshalling, parsing.
 */
public final class SecretsManagerStandIn implements AutoCloseable {

    private static final String JSON_1_1 = "application/x-amz-json-1.1";

    private final HttpServer server;
    private final Map<String, String> secrets = new ConcurrentHashMap<>();
    /** The SecretId of every GetSecretValue answered, in order. */
    private final List<String> reads = new CopyOnWriteArrayList<>();
    private volatile Duration delay = Duration.ZERO;
    /** When set, every request's signature is checked against these credentials, as the service checks it. */
    private volatile AwsCredentials signer;
    /** Answers still to fail with a 500, before the stand-in answers normally again. */
    private final java.util.concurrent.atomic.AtomicInteger failuresLeft = new java.util.concurrent.atomic.AtomicInteger();

    private SecretsManagerStandIn(HttpServer server) {
        this.server = server;
    }

    public static SecretsManagerStandIn start() {
        try {
            var server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
            var standIn = new SecretsManagerStandIn(server);
            server.createContext("/", standIn::answer);
            server.start();
            return standIn;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Stores (or rotates) the secret's value: the JSON RDS writes, {"username": ..., "password": ...}. */
    public void put(String secretArn, String username, String password) {
        var value = JsonNodeFactory.instance.objectNode().put("username", username).put("password", password)
                .put("engine", "postgres");
        secrets.put(secretArn, value.toString());
    }

    /** Stores (or changes) a secret whose value is this plain string, e.g. a generated key. */
    public void putString(String secretArn, String value) {
        secrets.put(secretArn, value);
    }

    /** From now on each answer comes this long after its request: a slow Secrets Manager. */
    public void answerAfter(Duration delay) {
        this.delay = delay;
    }

    /**
     * From now on a request is answered only when its Signature Version 4 signature is the one these credentials
     * give for it (re-signed here with the SDK's signer at the request's own X-Amz-Date); else 403
     * SignatureDoesNotMatch.
     */
    public void requireSignatureBy(AwsCredentials credentials) {
        this.signer = credentials;
    }

    /** The next {@code count} requests are answered 500 InternalServiceError, as a failing service would. */
    public void failNext(int count) {
        failuresLeft.set(count);
    }

    /** How many times the secret was read. */
    public long reads(String secretArn) {
        return reads.stream().filter(secretArn::equals).count();
    }

    public URI endpoint() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
    }

    /** A client built the project's way, pointed at this stand-in. */
    public SecretsManagerClient client() {
        return client(endpoint());
    }

    /** A client built the project's way, pointed at this endpoint (a closed port, to see a failure). */
    public static SecretsManagerClient client(URI endpoint) {
        return SecretsManagerClients.forEndpoint(endpoint, Region.US_EAST_1,
                StaticCredentialsProvider.create(AwsBasicCredentials.create("local", "local")));
    }

    private void answer(HttpExchange exchange) throws IOException {
        try (exchange) {
            pause();
            var target = exchange.getRequestHeaders().getFirst("X-Amz-Target");
            var authorization = exchange.getRequestHeaders().getFirst("Authorization");
            if (!"POST".equals(exchange.getRequestMethod()) || !"secretsmanager.GetSecretValue".equals(target)) {
                error(exchange, "UnknownOperationException", "only GetSecretValue is served here, got " + target);
                return;
            }
            if (authorization == null || !authorization.startsWith("AWS4-HMAC-SHA256 ")) {
                error(exchange, "IncompleteSignature", "the request is not signed with Signature Version 4");
                return;
            }
            var requestBody = exchange.getRequestBody().readAllBytes();
            var credentials = signer;
            if (credentials != null && !authorization.equals(expectedAuthorization(exchange, requestBody, credentials))) {
                send(exchange, 403, JsonNodeFactory.instance.objectNode().put("__type", "SignatureDoesNotMatch")
                        .put("message", "The request signature we calculated does not match the signature you provided.")
                        .toString());
                return;
            }
            if (failuresLeft.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
                send(exchange, 500, JsonNodeFactory.instance.objectNode().put("__type", "InternalServiceError")
                        .put("message", "failing on purpose").toString());
                return;
            }
            var secretId = Json.readTree(new String(requestBody, StandardCharsets.UTF_8)).path("SecretId").asText();
            var value = secrets.get(secretId);
            if (value == null) {
                error(exchange, "ResourceNotFoundException", "Secrets Manager can't find the specified secret.");
                return;
            }
            reads.add(secretId);
            var body = JsonNodeFactory.instance.objectNode()
                    .put("ARN", secretId)
                    .put("Name", secretId.substring(secretId.lastIndexOf(':') + 1))
                    .put("VersionId", UUID.randomUUID().toString())
                    .put("SecretString", value)
                    .put("CreatedDate", System.currentTimeMillis() / 1000.0);
            body.putArray("VersionStages").add("AWSCURRENT");
            send(exchange, 200, body.toString());
        }
    }

    /** The Authorization the request should carry: its signed headers and body, signed again at its X-Amz-Date. */
    private String expectedAuthorization(HttpExchange exchange, byte[] body, AwsCredentials credentials) {
        var authorization = exchange.getRequestHeaders().getFirst("Authorization");
        var scope = authorization.replaceAll(".*Credential=[^/]+/\\d{8}/([^/]+)/([^/]+)/aws4_request.*", "$1 $2").split(" ");
        var signedHeaders = authorization.replaceAll(".*SignedHeaders=([^,\\s]+).*", "$1").split(";");
        var date = java.time.LocalDateTime.parse(exchange.getRequestHeaders().getFirst("X-Amz-Date"),
                java.time.format.DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'")).toInstant(java.time.ZoneOffset.UTC);
        var request = software.amazon.awssdk.http.SdkHttpRequest.builder()
                .method(software.amazon.awssdk.http.SdkHttpMethod.fromValue(exchange.getRequestMethod()))
                .uri(URI.create("http://" + exchange.getRequestHeaders().getFirst("Host") + exchange.getRequestURI()));
        for (var name : signedHeaders) {
            if (!name.equals("host") && !name.equals("x-amz-date")) {
                request.putHeader(name, exchange.getRequestHeaders().get(name));
            }
        }
        var signed = software.amazon.awssdk.http.auth.aws.signer.AwsV4HttpSigner.create().sign(r -> r
                .identity(credentials).request(request.build())
                .payload(software.amazon.awssdk.http.ContentStreamProvider.fromByteArray(body))
                .putProperty(software.amazon.awssdk.http.auth.aws.signer.AwsV4HttpSigner.REGION_NAME, scope[0])
                .putProperty(software.amazon.awssdk.http.auth.aws.signer.AwsV4HttpSigner.SERVICE_SIGNING_NAME, scope[1])
                .putProperty(software.amazon.awssdk.http.auth.aws.signer.AwsV4HttpSigner.SIGNING_CLOCK,
                        java.time.Clock.fixed(date, java.time.ZoneOffset.UTC)));
        return signed.request().firstMatchingHeader("Authorization").orElse("");
    }

    private void pause() {
        try {
            Thread.sleep(delay);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static void error(HttpExchange exchange, String type, String message) throws IOException {
        exchange.getResponseHeaders().add("x-amzn-ErrorType", type);
        send(exchange, 400, JsonNodeFactory.instance.objectNode().put("__type", type).put("message", message).toString());
    }

    private static void send(HttpExchange exchange, int status, String body) throws IOException {
        var bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().add("Content-Type", JSON_1_1);
        exchange.getResponseHeaders().add("x-amzn-RequestId", UUID.randomUUID().toString());
        exchange.sendResponseHeaders(status, bytes.length);
        exchange.getResponseBody().write(bytes);
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
