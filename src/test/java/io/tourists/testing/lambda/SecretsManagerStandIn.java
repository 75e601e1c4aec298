package io.tourists.testing.lambda;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.Executors;

/**
 * Answers Secrets Manager's GetSecretValue (AWS JSON 1.1) with one secret, in the form RDS writes
 * ({@code {"username":..,"password":..}}), so a function started with the template's DB_SECRET_ARN reads its
 * database login the way it does on AWS: the SDK client, one call at the first connection.
 */
public final class SecretsManagerStandIn implements AutoCloseable {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final HttpServer server;

    public SecretsManagerStandIn(String secretArn, String user, String password) throws IOException {
        var secretString = JSON.writeValueAsString(Map.of("username", user, "password", password));
        var answer = JSON.writeValueAsBytes(Map.of("ARN", secretArn, "Name", "tourists-db", "VersionId",
                "00000000-0000-0000-0000-000000000001", "SecretString", secretString, "CreatedDate", 1.7e9));
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 16);
        server.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
        server.createContext("/", exchange -> {
            try (exchange) {
                exchange.getRequestBody().readAllBytes();
                var target = exchange.getRequestHeaders().getFirst("X-Amz-Target");
                var body = "secretsmanager.GetSecretValue".equals(target) ? answer
                        : ("{\"__type\":\"InvalidRequestException\",\"message\":\"not served: " + target + "\"}")
                                .getBytes(StandardCharsets.UTF_8);
                exchange.getResponseHeaders().add("Content-Type", "application/x-amz-json-1.1");
                exchange.sendResponseHeaders(body == answer ? 200 : 400, body.length);
                exchange.getResponseBody().write(body);
            }
        });
        server.start();
    }

    /** For AWS_ENDPOINT_URL_SECRETS_MANAGER. */
    public URI endpoint() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
