package io.tourists.ops;

import io.tourists.local.sqs.EmbeddedSqs;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.ProfileCredentialsProvider;
import software.amazon.awssdk.profiles.ProfileFile;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What the operator sees when the environment is wrong: one line that says what to fix, exit code 2, and no
 * stack trace unless --debug asks for one.
 */
class OperatorErrorsIT {

    static EmbeddedSqs elasticMq;
    static Cli cli;

    @BeforeAll
    static void start() {
        elasticMq = EmbeddedSqs.start(0);
        cli = new Cli(Map.of("AWS_REGION", "us-east-1", "AWS_ENDPOINT_URL_SQS", elasticMq.endpoint().toString()));
    }

    @AfterAll
    static void stop() {
        elasticMq.close();
    }

    @Test
    void aWrongQueueName_isOneLineNamingTheQueueAndTheEndpoint() {
        var stats = cli.run("dlq", "stats", "--queue", "tourist-writez");

        assertThat(stats.exitCode()).isEqualTo(2);
        assertThat(stats.err()).isEqualTo("error: no queue named tourist-writez at " + elasticMq.endpoint() + "\n");
        assertThat(stats.out()).isEmpty();
    }

    @Test
    void debugAddsTheStackTrace() {
        var stats = cli.run("dlq", "stats", "--queue", "tourist-writez", "--debug");

        assertThat(stats.exitCode()).isEqualTo(2);
        assertThat(stats.errLines().getFirst()).isEqualTo("error: no queue named tourist-writez at " + elasticMq.endpoint());
        assertThat(stats.err()).contains("QueueDoesNotExistException").contains("\tat ");
    }

    @Test
    void anUnreachableEndpoint_isOneLine() {
        var endpoint = "http://127.0.0.1:" + closedPort();

        var peek = cli.run("dlq", "peek", "--endpoint-url", endpoint);

        assertThat(peek.exitCode()).isEqualTo(2);
        assertThat(peek.errLines()).singleElement().asString()
                .startsWith("error: cannot reach " + endpoint + " (ConnectException")
                .endsWith("while looking up queue tourist-writes-dlq");
    }

    @Test
    void missingCredentials_isOneLineSayingWhereTheyAreLookedFor() {
        var noCredentials = ProfileCredentialsProvider.builder()
                .profileFile(ProfileFile.builder().content(new ByteArrayInputStream(new byte[0]))
                        .type(ProfileFile.Type.CREDENTIALS).build())
                .profileName("operators")
                .build();
        var withoutCredentials = new Cli(Map.of("AWS_REGION", "eu-west-1"), profile -> noCredentials);

        var stats = withoutCredentials.run("dlq", "stats");

        assertThat(stats.exitCode()).isEqualTo(2);
        assertThat(stats.errLines()).singleElement().asString()
                .startsWith("error: no AWS credentials found")
                .contains("AWS_PROFILE");
    }

    @Test
    void anUnreachableDatabase_isOneLine() {
        var url = "jdbc:postgresql://127.0.0.1:" + closedPort() + "/tourists";

        var status = cli.run("db", "status", "--db-url", url, "--db-user", "tourists");

        assertThat(status.exitCode()).isEqualTo(2);
        assertThat(status.errLines()).singleElement().asString().startsWith("error: cannot reach PostgreSQL at " + url);
    }

    @Test
    void loadAgainstNothing_isOneLine() {
        var url = "http://127.0.0.1:" + closedPort();

        var load = cli.run("load", "--url", url, "--requests", "3", "--concurrency", "1");

        assertThat(load.exitCode()).isEqualTo(2);
        assertThat(load.errLines()).singleElement().asString()
                .isEqualTo("error: cannot reach " + url + "/tourists (error: ConnectException x3); nothing was accepted");
    }

    /** A port nothing listens on: bound, then released. */
    static int closedPort() {
        try (var socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
