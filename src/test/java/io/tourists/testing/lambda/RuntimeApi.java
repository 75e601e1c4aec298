package io.tourists.testing.lambda;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The part of the Lambda Runtime API (2018-06-01) that one execution environment uses to start and serve one
 * event, for AWS's runtime interface client to talk to: the first {@code GET /runtime/invocation/next} hands
 * out the event (the runtime's init is over when it asks), {@code POST .../response} or {@code .../error}
 * ends the invocation, later {@code next} calls wait (the environment is idle, as Lambda leaves it), and
 * {@code GET /runtime/restore/next} answers at once (a SnapStart restore with nothing to wait for).
 * https://docs.aws.amazon.com/lambda/latest/dg/runtimes-api.html
 */
public final class RuntimeApi implements AutoCloseable {

    private static final String PREFIX = "/2018-06-01/runtime/";

    private final HttpServer server;
    private final String event;
    private final String functionArn;
    private final CompletableFuture<Long> initDone = new CompletableFuture<>();
    private final CompletableFuture<Long> restoreAsked = new CompletableFuture<>();
    private final CompletableFuture<Answer> answered = new CompletableFuture<>();
    private final CompletableFuture<Long> idleAgain = new CompletableFuture<>();
    private final CountDownLatch closed = new CountDownLatch(1);
    private final boolean markEvent;
    private volatile long eventSentAt;

    /** What the function answered, and when (System.nanoTime()). */
    public record Answer(boolean error, String body, long at) {}

    public RuntimeApi(String event, String functionArn) throws IOException {
        this(event, functionArn, false);
    }

    /**
     * @param markEvent send the event with a client context (as the AWS mobile SDKs do): the client then loads
     *                  its LambdaClientContext class as the invocation starts, and never before, which marks that
     *                  moment in a class-loading log
     */
    public RuntimeApi(String event, String functionArn, boolean markEvent) throws IOException {
        this.event = event;
        this.functionArn = functionArn;
        this.markEvent = markEvent;
        this.server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 16);
        server.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
        server.createContext(PREFIX, this::handle);
        server.start();
    }

    /** For AWS_LAMBDA_RUNTIME_API. */
    public String address() {
        return "127.0.0.1:" + server.getAddress().getPort();
    }

    private void handle(HttpExchange exchange) throws IOException {
        var path = exchange.getRequestURI().getPath().substring(PREFIX.length());
        var body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
        long now = System.nanoTime();
        try (exchange) {
            switch (exchange.getRequestMethod() + " " + path) {
                case "GET invocation/next" -> next(exchange, now);
                case "GET restore/next" -> {
                    restoreAsked.complete(now);
                    reply(exchange, 200, "");
                }
                case "POST init/error", "POST restore/error" -> {
                    answered.complete(new Answer(true, body, now));
                    reply(exchange, 202, "{}");
                }
                default -> {
                    if (path.startsWith("invocation/") && path.endsWith("/response")) {
                        answered.complete(new Answer(false, body, now));
                        reply(exchange, 202, "{}");
                    } else if (path.startsWith("invocation/") && path.endsWith("/error")) {
                        answered.complete(new Answer(true, body, now));
                        reply(exchange, 202, "{}");
                    } else {
                        reply(exchange, 404, "{\"errorMessage\":\"not served here: " + path + "\"}");
                    }
                }
            }
        }
    }

    private void next(HttpExchange exchange, long now) throws IOException {
        if (initDone.complete(now)) {
            exchange.getResponseHeaders().add("Lambda-Runtime-Aws-Request-Id", "coldstart-request-1");
            exchange.getResponseHeaders().add("Lambda-Runtime-Deadline-Ms",
                    Long.toString(System.currentTimeMillis() + 30_000));
            exchange.getResponseHeaders().add("Lambda-Runtime-Invoked-Function-Arn", functionArn);
            exchange.getResponseHeaders().add("Lambda-Runtime-Trace-Id",
                    "Root=1-5759e988-bd862e3fe1be46a994272793;Parent=53995c3f42cd8ad8;Sampled=0");
            if (markEvent) {
                exchange.getResponseHeaders().add("Lambda-Runtime-Client-Context",
                        "{\"client\":{\"installation_id\":\"marker\"},\"custom\":{},\"env\":{}}");
            }
            eventSentAt = System.nanoTime();
            reply(exchange, 200, event);
            return;
        }
        idleAgain.complete(now);
        try {
            closed.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static void reply(HttpExchange exchange, int status, String body) throws IOException {
        var bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().add("Content-Type", "application/json");
        exchange.sendResponseHeaders(status, bytes.length == 0 ? -1 : bytes.length);
        if (bytes.length > 0) {
            exchange.getResponseBody().write(bytes);
        }
    }

    /** When the runtime first asked for an event: its init phase ends there. */
    public long awaitInit(Duration timeout, ProcessHandle process) throws Exception {
        return await(initDone, timeout, process, "asked for its first event");
    }

    /** When the event was handed out: the first invocation starts there. */
    public long eventSentAt() {
        return eventSentAt;
    }

    public Answer awaitAnswer(Duration timeout, ProcessHandle process) throws Exception {
        return await(answered, timeout, process, "answered its first event");
    }

    /** When the runtime asked for a second event: it is idle, its first invocation fully done. */
    public long awaitIdle(Duration timeout, ProcessHandle process) throws Exception {
        return await(idleAgain, timeout, process, "asked for a second event");
    }

    public boolean restoreWasAsked() {
        return restoreAsked.isDone();
    }

    private static <T> T await(CompletableFuture<T> future, Duration timeout, ProcessHandle process, String what)
            throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            try {
                return future.get(50, TimeUnit.MILLISECONDS);
            } catch (TimeoutException notYet) {
                if (!process.isAlive() && !future.isDone()) {
                    throw new IllegalStateException("the runtime exited before it " + what);
                }
            }
        }
        throw new IllegalStateException("the runtime never " + what + " within " + timeout);
    }

    @Override
    public void close() {
        closed.countDown();
        server.stop(0);
    }
}
