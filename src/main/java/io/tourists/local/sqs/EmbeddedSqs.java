package io.tourists.local.sqs;

import io.tourists.local.net.Ports;
import java.net.URI;
import org.elasticmq.NodeAddress;
import org.elasticmq.rest.sqs.SQSRestServer;
import org.elasticmq.rest.sqs.SQSRestServerBuilder;

/** ElasticMQ in this JVM: the real SQS wire protocol, redrive policies and message move tasks. */
public final class EmbeddedSqs implements AutoCloseable {

    public static final String REGION = "us-east-1";
    public static final String ACCOUNT_ID = "000000000000";

    private final SQSRestServer server;
    private final URI endpoint;

    private EmbeddedSqs(SQSRestServer server, URI endpoint) {
        this.server = server;
        this.endpoint = endpoint;
    }

    /** Starts ElasticMQ on 127.0.0.1; port 0 picks a free one. Queue URLs name the port it listens on. */
    public static EmbeddedSqs start(int port) {
        int chosen = port == 0 ? Ports.free() : port;
        var server = SQSRestServerBuilder.withInterface("127.0.0.1")
                .withPort(chosen)
                .withServerAddress(new NodeAddress("http", "127.0.0.1", chosen, ""))
                .withAWSRegion(REGION)
                .withAWSAccountId(ACCOUNT_ID)
                .start();
        server.waitUntilStarted();
        return new EmbeddedSqs(server, URI.create("http://127.0.0.1:" + chosen));
    }

    public URI endpoint() {
        return endpoint;
    }

    @Override
    public void close() {
        server.stopAndWait();
    }
}
