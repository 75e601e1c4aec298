package io.tourists.api;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicInteger;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;

/**
 * Secrets Manager's GetSecretValue over HTTP, as the real SDK client calls it (JSON 1.1, {@code X-Amz-Target}),
 * answering one secret string and counting the reads. Nothing else of the service is served.
 */
final class SecretsManagerStandIn implements AutoCloseable {

    private final HttpServer server;
    private final AtomicInteger reads = new AtomicInteger();
    private volatile String secretString;

    SecretsManagerStandIn(String secretString) {
        this.secretString = secretString;
        try {
            server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        server.createContext("/", exchange -> {
            var target = exchange.getRequestHeaders().getFirst("X-Amz-Target");
            exchange.getRequestBody().readAllBytes();
            byte[] body;
            int status;
            if ("secretsmanager.GetSecretValue".equals(target)) {
                reads.incrementAndGet();
                status = 200;
                body = ("{\"ARN\":\"arn:aws:secretsmanager:us-east-1:123456789012:secret:id-key-AbCdEf\","
                        + "\"Name\":\"id-key\",\"VersionId\":\"v1\",\"SecretString\":\"" + this.secretString + "\"}")
                        .getBytes(StandardCharsets.UTF_8);
            } else {
                status = 400;
                body = "{\"__type\":\"InvalidRequestException\",\"message\":\"not served here\"}"
                        .getBytes(StandardCharsets.UTF_8);
            }
            exchange.getResponseHeaders().set("Content-Type", "application/x-amz-json-1.1");
            exchange.sendResponseHeaders(status, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        server.start();
    }

    SecretsManagerClient client() {
        return client(URI.create("http://127.0.0.1:" + server.getAddress().getPort()));
    }

    static SecretsManagerClient client(URI endpoint) {
        return SecretsManagerClient.builder()
                .endpointOverride(endpoint)
                .region(Region.US_EAST_1)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("test", "test")))
                .httpClient(UrlConnectionHttpClient.create())
                .build();
    }

    void changeTo(String newSecretString) {
        this.secretString = newSecretString;
    }

    int reads() {
        return reads.get();
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
