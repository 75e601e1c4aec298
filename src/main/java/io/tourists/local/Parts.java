package io.tourists.local;

import java.io.PrintStream;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * What the runtime started and must stop: each once, in the reverse order of starting. Once stopping has
 * begun, a part that is still being started is stopped as soon as it is registered, so that nothing (least of
 * all a PostgreSQL server, which runs detached) outlives the JVM.
 */
final class Parts {

    /** One started thing. */
    static final class Part {
        private final String name;
        private final AutoCloseable closeable;
        private final AtomicBoolean stopped = new AtomicBoolean();

        private Part(String name, AutoCloseable closeable) {
            this.name = name;
            this.closeable = closeable;
        }

        /** Stops it, once; a failure is reported, not thrown, so that the other parts stop too. */
        void stop(PrintStream out) {
            if (stopped.compareAndSet(false, true)) {
                try {
                    closeable.close();
                } catch (Exception e) {
                    out.println("could not stop " + name + ": " + e);
                }
            }
        }
    }

    private final PrintStream out;
    private final Deque<Part> started = new ArrayDeque<>();
    private boolean refusing;

    Parts(PrintStream out) {
        this.out = out;
    }

    /** Records a started part; throws (after stopping it) when the runtime is already stopping. */
    synchronized Part add(String name, AutoCloseable closeable) {
        var part = new Part(name, closeable);
        if (refusing) {
            part.stop(out);
            throw new IllegalStateException("stopped while starting");
        }
        started.addLast(part);
        return part;
    }

    /** From now on, what is started is stopped at once. */
    synchronized void refuseNew() {
        refusing = true;
    }

    /** Stops every part, the last started first. */
    void stopAll() {
        while (true) {
            Part part;
            synchronized (this) {
                part = started.pollLast();
            }
            if (part == null) {
                return;
            }
            part.stop(out);
        }
    }
}
