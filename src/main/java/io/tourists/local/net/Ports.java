package io.tourists.local.net;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;

/** Ports on the loopback interface: a free one to listen on, and whether a chosen one is free. */
public final class Ports {

    private Ports() {
    }

    /** A port nobody listens on now. */
    public static int free() {
        try (var socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Throws, naming the option that changes it, when {@code port} (not 0) cannot be listened on. Binds as the
     * servers themselves do, with SO_REUSEADDR: connections of a previous run left in TIME_WAIT (for about a
     * minute after PostgreSQL served a client) do not keep a port busy; a server listening on it does.
     */
    public static void requireFree(int port, String what, String option) {
        if (port == 0) {
            return;
        }
        try (var socket = new ServerSocket()) {
            socket.setReuseAddress(true);
            socket.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port));
        } catch (IOException e) {
            throw new IllegalStateException(what + " port " + port + " is in use; choose another with " + option);
        }
    }
}
