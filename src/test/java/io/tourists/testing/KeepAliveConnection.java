package io.tourists.testing;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * One HTTP/1.1 keep-alive connection on a plain socket, as a load tool such as {@code hey} holds one per
 * client: requests go one after the other on the same connection, and a connection the server closes or
 * resets under the client shows as the IOException it is (EOF, reset, a {@code Connection: close} answer),
 * not hidden by a client library's pool that retries or reconnects.
 */
public final class KeepAliveConnection implements AutoCloseable {

    /** The server answered with {@code Connection: close}: it will not take the next request on this connection. */
    public static final class ClosedByServerException extends IOException {
        ClosedByServerException() {
            super("the server closed a keep-alive connection");
        }
    }

    private final URI server;
    private final Socket socket;
    private final InputStream in;
    private final OutputStream out;

    private KeepAliveConnection(URI server, Socket socket) throws IOException {
        this.server = server;
        this.socket = socket;
        this.in = new BufferedInputStream(socket.getInputStream());
        this.out = socket.getOutputStream();
    }

    /**
     * @param readTimeout only so that a hung server fails a test instead of hanging it
     */
    public static KeepAliveConnection open(URI server, Duration connectTimeout, Duration readTimeout) throws IOException {
        var socket = new Socket();
        try {
            socket.connect(new InetSocketAddress(server.getHost(), server.getPort()), (int) connectTimeout.toMillis());
            socket.setSoTimeout((int) readTimeout.toMillis());
            return new KeepAliveConnection(server, socket);
        } catch (IOException e) {
            socket.close();
            throw e;
        }
    }

    /** POSTs a JSON body to {@code path} and reads the whole answer, leaving the connection ready for the next; returns its status. */
    public int postJson(String path, byte[] body) throws IOException {
        var head = "POST " + path + " HTTP/1.1\r\nHost: " + server.getHost() + ":" + server.getPort()
                + "\r\nContent-Type: application/json\r\nContent-Length: " + body.length + "\r\n\r\n";
        var request = new ByteArrayOutputStream();
        request.writeBytes(head.getBytes(StandardCharsets.US_ASCII));
        request.writeBytes(body);
        out.write(request.toByteArray());
        out.flush();
        return readResponse();
    }

    private int readResponse() throws IOException {
        var statusLine = line();
        var parts = statusLine.split(" ");
        if (parts.length < 2 || !parts[0].startsWith("HTTP/1.1")) {
            throw new IOException("not an HTTP/1.1 status line: " + statusLine);
        }
        var headers = new ArrayList<String>();
        for (var header = line(); !header.isEmpty(); header = line()) {
            headers.add(header.toLowerCase(Locale.ROOT));
        }
        if (headers.contains("connection: close")) {
            throw new ClosedByServerException();
        }
        var length = contentLength(headers);
        if (in.readNBytes(length).length != length) {
            throw new EOFException("the body ended early");
        }
        return Integer.parseInt(parts[1]);
    }

    private static int contentLength(List<String> headers) throws IOException {
        return headers.stream().filter(header -> header.startsWith("content-length:"))
                .map(header -> Integer.parseInt(header.substring("content-length:".length()).strip()))
                .findFirst().orElseThrow(() -> new IOException("no content-length"));
    }

    private String line() throws IOException {
        var line = new ByteArrayOutputStream();
        for (int b = in.read(); b != '\n'; b = in.read()) {
            if (b == -1) {
                throw new EOFException("the connection closed");
            }
            if (b != '\r') {
                line.write(b);
            }
        }
        return line.toString(StandardCharsets.US_ASCII);
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}
