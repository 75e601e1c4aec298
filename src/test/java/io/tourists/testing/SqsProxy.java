package io.tourists.testing;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.tourists.json.Json;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A small HTTP proxy in front of the test ElasticMQ that makes the queue fail the ways SQS can, for the write
 * API's SQS client to meet: it forwards a request and then withholds the answer (the queue took the message; the
 * caller never hears so); it stops listening (a connection refused: nothing was sent); or it takes chosen entries
 * out of SendMessageBatch (or DeleteMessageBatch, ChangeMessageVisibilityBatch) calls before forwarding them and
 * answers them as failed, as SQS does with entries it refuses or fails. Requests and answers are HTTP/1.1 with a Content-Length, which is what the SDK and ElasticMQ
 * exchange; anything else fails the test.
 */
public final class SqsProxy implements AutoCloseable {

    private final ServerSocket server;
    private final URI upstream;
    private final List<Socket> sockets = new CopyOnWriteArrayList<>();
    private final AtomicInteger forwarded = new AtomicInteger();
    private volatile boolean withholding;
    private volatile EntryFailures entryFailures;

    /** Entries to take out of the next {@code calls} calls of this batch action. */
    private record EntryFailures(String action, Set<String> ids, boolean senderFault, AtomicInteger calls) {}

    private SqsProxy(ServerSocket server, URI upstream) {
        this.server = server;
        this.upstream = upstream;
        Thread.ofVirtual().name("sqs-proxy").start(this::accept);
    }

    public static SqsProxy start(URI upstream) {
        try {
            return new SqsProxy(new ServerSocket(0, 50, InetAddress.getLoopbackAddress()), upstream);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public URI endpoint() {
        return URI.create("http://127.0.0.1:" + server.getLocalPort());
    }

    /** From now on each request reaches the queue, and its answer never comes back. */
    public void withholdAnswers() {
        withholding = true;
    }

    /** From now on answers come back again. */
    public void passAnswers() {
        withholding = false;
    }

    /**
     * In the next {@code calls} SendMessageBatch calls, the entries with these ids do not reach the queue and come
     * back failed, as the sender's fault (SQS refused them) or not (SQS failed them: worth another try).
     */
    public void failBatchEntries(int calls, boolean senderFault, String... ids) {
        failBatchEntries("SendMessageBatch", calls, senderFault, ids);
    }

    /** As {@link #failBatchEntries(int, boolean, String...)} for another batch action, e.g. DeleteMessageBatch. */
    public void failBatchEntries(String action, int calls, boolean senderFault, String... ids) {
        entryFailures = new EntryFailures(action, Set.of(ids), senderFault, new AtomicInteger(calls));
    }

    /** Requests that reached the queue. */
    public int forwarded() {
        return forwarded.get();
    }

    /** Stops listening and drops every connection: from now on a connection is refused, as by a stopped queue. */
    @Override
    public void close() {
        try {
            server.close();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        sockets.forEach(SqsProxy::closeQuietly);
    }

    private void accept() {
        while (!server.isClosed()) {
            try {
                var client = server.accept();
                sockets.add(client);
                Thread.ofVirtual().name("sqs-proxy-connection").start(() -> serve(client));
            } catch (IOException e) {
                return;
            }
        }
    }

    private void serve(Socket client) {
        try (client; var queue = new Socket(upstream.getHost(), upstream.getPort())) {
            sockets.add(queue);
            var fromClient = client.getInputStream();
            var fromQueue = queue.getInputStream();
            while (true) {
                var request = Message.read(fromClient);
                if (request == null) {
                    return;
                }
                var failures = batchFailures(request);
                var removed = new ArrayList<String>();
                Message response;
                if (failures != null) {
                    request = withoutEntries(request, failures.ids(), removed);
                }
                if (failures != null && request == null) {
                    response = Message.json("{\"Successful\":[],\"Failed\":[]}");
                } else {
                    request.write(queue.getOutputStream());
                    response = Message.read(fromQueue);
                    forwarded.incrementAndGet();
                }
                if (withholding) {
                    // The queue has answered; the caller waits until it gives up and closes the connection.
                    while (fromClient.read() >= 0) {
                        // discard
                    }
                    return;
                }
                if (!removed.isEmpty()) {
                    response = withFailedEntries(response, removed, failures.senderFault());
                }
                response.write(client.getOutputStream());
            }
        } catch (IOException e) {
            // The caller gave up, or the proxy was closed.
        } finally {
            sockets.remove(client);
        }
    }

    private EntryFailures batchFailures(Message request) {
        var failures = entryFailures;
        if (failures == null || !request.header("x-amz-target").endsWith("." + failures.action())) {
            return null;
        }
        return failures.calls().getAndDecrement() > 0 ? failures : null;
    }

    /** The request without those entries, or null when none is left; {@code removed} gets the ids taken out. */
    private static Message withoutEntries(Message request, Set<String> ids, List<String> removed) {
        var body = (ObjectNode) readJson(request.body());
        var kept = Json.MAPPER.createArrayNode();
        body.withArray("Entries").forEach(entry -> {
            if (ids.contains(entry.path("Id").asText())) {
                removed.add(entry.path("Id").asText());
            } else {
                kept.add(entry);
            }
        });
        body.set("Entries", kept);
        return kept.isEmpty() ? null : request.withBody(Json.write(body).getBytes(StandardCharsets.UTF_8));
    }

    private static Message withFailedEntries(Message response, List<String> ids, boolean senderFault) {
        var body = (ObjectNode) readJson(response.body());
        var failed = body.has("Failed") ? (ArrayNode) body.get("Failed") : body.putArray("Failed");
        ids.forEach(id -> failed.addObject().put("Id", id).put("SenderFault", senderFault)
                .put("Code", senderFault ? "InvalidParameterValue" : "InternalError").put("Message", "from SqsProxy"));
        return response.withBody(Json.write(body).getBytes(StandardCharsets.UTF_8));
    }

    private static com.fasterxml.jackson.databind.JsonNode readJson(byte[] body) {
        try {
            return Json.readTree(new String(body, StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void closeQuietly(Socket socket) {
        try {
            socket.close();
        } catch (IOException e) {
            // already closed
        }
    }

    /** One HTTP/1.1 request or response: its head's lines and its body. */
    private record Message(List<String> head, byte[] body) {

        /** The next message on the stream, or null at its end. */
        static Message read(InputStream in) throws IOException {
            var head = new ByteArrayOutputStream();
            int matched = 0;
            while (matched < 4) {
                int b = in.read();
                if (b < 0) {
                    return null;
                }
                head.write(b);
                matched = (b == '\r' || b == '\n') && "\r\n\r\n".charAt(matched) == b ? matched + 1 : b == '\r' ? 1 : 0;
            }
            var lines = new ArrayList<>(List.of(head.toString(StandardCharsets.ISO_8859_1).split("\r\n")));
            var message = new Message(lines, new byte[0]);
            if (!message.header("transfer-encoding").isEmpty()) {
                throw new IllegalStateException("SqsProxy reads bodies with a Content-Length only: " + lines);
            }
            var length = message.header("content-length");
            return new Message(lines, length.isEmpty() ? new byte[0] : in.readNBytes(Integer.parseInt(length)));
        }

        static Message json(String body) {
            var bytes = body.getBytes(StandardCharsets.UTF_8);
            return new Message(List.of("HTTP/1.1 200 OK", "Content-Type: application/x-amz-json-1.0",
                    "Content-Length: " + bytes.length), bytes);
        }

        String header(String name) {
            var prefix = name.toLowerCase(Locale.ROOT) + ":";
            return head.stream().skip(1).filter(line -> line.toLowerCase(Locale.ROOT).startsWith(prefix))
                    .map(line -> line.substring(prefix.length()).strip()).findFirst().orElse("");
        }

        Message withBody(byte[] newBody) {
            var lines = new ArrayList<String>();
            head.forEach(line -> lines.add(line.toLowerCase(Locale.ROOT).startsWith("content-length:")
                    ? "Content-Length: " + newBody.length : line));
            return new Message(lines, newBody);
        }

        void write(OutputStream out) throws IOException {
            out.write((String.join("\r\n", head) + "\r\n\r\n").getBytes(StandardCharsets.ISO_8859_1));
            out.write(body);
            out.flush();
        }
    }
}
