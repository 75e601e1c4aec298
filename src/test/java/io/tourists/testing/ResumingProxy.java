package io.tourists.testing;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A TCP proxy in front of PostgreSQL that behaves like a paused Aurora cluster resuming: it accepts each new
 * connection at once but forwards nothing, either way, until {@code hold} has passed.
 */
public final class ResumingProxy implements AutoCloseable {

    private final ServerSocket server;
    private final int upstreamPort;
    private final Duration hold;
    private final AtomicInteger held = new AtomicInteger();

    private ResumingProxy(ServerSocket server, int upstreamPort, Duration hold) {
        this.server = server;
        this.upstreamPort = upstreamPort;
        this.hold = hold;
    }

    public static ResumingProxy start(int upstreamPort, Duration hold) {
        try {
            var proxy = new ResumingProxy(new ServerSocket(0, 50, InetAddress.getLoopbackAddress()), upstreamPort, hold);
            Thread.ofVirtual().start(proxy::accept);
            return proxy;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public int port() {
        return server.getLocalPort();
    }

    /** How many connections it has held so far. */
    public int held() {
        return held.get();
    }

    private void accept() {
        while (!server.isClosed()) {
            try {
                var client = server.accept();
                held.incrementAndGet();
                Thread.ofVirtual().start(() -> forwardAfterHold(client));
            } catch (IOException closed) {
                return;
            }
        }
    }

    private void forwardAfterHold(Socket client) {
        try (client; var upstream = new Socket(InetAddress.getLoopbackAddress(), upstreamPort)) {
            Thread.sleep(hold);
            var back = Thread.ofVirtual().start(() -> pipe(upstream, client));
            pipe(client, upstream);
            back.join();
        } catch (IOException | InterruptedException gone) {
            // The client gave up waiting, or the test ended: nothing to forward any more.
        }
    }

    private static void pipe(Socket from, Socket to) {
        try (InputStream in = from.getInputStream(); OutputStream out = to.getOutputStream()) {
            in.transferTo(out);
        } catch (IOException closed) {
            // One side closed: closing both ends the other direction too.
        } finally {
            closeQuietly(from);
            closeQuietly(to);
        }
    }

    private static void closeQuietly(Socket socket) {
        try {
            socket.close();
        } catch (IOException ignored) {
            // Already closed.
        }
    }

    @Override
    public void close() throws IOException {
        server.close();
    }
}
