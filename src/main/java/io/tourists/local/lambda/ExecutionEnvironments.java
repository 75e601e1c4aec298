package io.tourists.local.lambda;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashSet;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;
import java.util.function.Supplier;

/**
 * A function's execution environments, as Lambda keeps them: one is created when an invocation finds none
 * idle (a cold start), each runs one invocation at a time and is reused warm afterwards, and there are never
 * more than the function's concurrency limit. Each owns what its handler built at init (its connection pool,
 * its SQS client), so peak connections are environments x pool size, as on AWS.
 *
 * @param <H> the handler type
 */
public final class ExecutionEnvironments<H> implements AutoCloseable {

    /** One environment: the handler instance and what to close when Lambda would discard it. */
    public record Environment<H>(H handler, AutoCloseable resources) {}

    private final String functionName;
    private final OptionalInt limit;
    private final Supplier<Environment<H>> coldStart;
    private final Deque<Environment<H>> idle = new ArrayDeque<>();
    private final Set<Environment<H>> busy = new HashSet<>();
    private int coldStarts;
    private int starting;
    private boolean closed;

    /**
     * @param limit     the most environments at once (reserved concurrency, or the mapping's MaximumConcurrency);
     *                  empty for no limit
     * @param coldStart builds one environment, as the function's constructor does at init
     */
    public ExecutionEnvironments(String functionName, OptionalInt limit, Supplier<Environment<H>> coldStart) {
        this.functionName = functionName;
        this.limit = limit;
        this.coldStart = coldStart;
    }

    public String functionName() {
        return functionName;
    }

    public OptionalInt limit() {
        return limit;
    }

    /**
     * An idle environment, or a new one if the limit allows; empty when every allowed environment is busy
     * (Lambda would throttle the invocation).
     */
    public Optional<Environment<H>> acquire() {
        synchronized (this) {
            if (closed) {
                return Optional.empty();
            }
            var warm = idle.pollFirst();
            if (warm != null) {
                busy.add(warm);
                return Optional.of(warm);
            }
            if (limit.isPresent() && busy.size() + starting >= limit.getAsInt()) {
                return Optional.empty();
            }
            starting++;
        }
        // Init runs outside the lock, as cold starts of different environments run side by side on Lambda.
        Environment<H> created = null;
        try {
            created = coldStart.get();
            return Optional.of(created);
        } finally {
            synchronized (this) {
                starting--;
                if (created != null) {
                    coldStarts++;
                    busy.add(created);
                }
            }
        }
    }

    /** The invocation is over: the environment waits, warm, for the next one. */
    public void release(Environment<H> environment) {
        boolean close;
        synchronized (this) {
            busy.remove(environment);
            close = closed;
            if (!close) {
                idle.addFirst(environment);
            }
        }
        if (close) {
            closeQuietly(environment);
        }
    }

    /**
     * The invocation timed out or crashed the runtime: Lambda throws the environment away, and the next
     * invocation gets a fresh one. Its resources are closed in the background, so a hung handler holding a
     * connection cannot hold up the caller.
     */
    public void discard(Environment<H> environment) {
        synchronized (this) {
            busy.remove(environment);
        }
        Thread.ofVirtual().name(functionName + "-discard").start(() -> closeQuietly(environment));
    }

    /** How many environments were created so far. */
    public synchronized int coldStarts() {
        return coldStarts;
    }

    /** How many environments run an invocation now. */
    public synchronized int busy() {
        return busy.size();
    }

    /** Closes the idle environments now and the busy ones as their invocations end. */
    @Override
    public void close() {
        Deque<Environment<H>> toClose;
        synchronized (this) {
            closed = true;
            toClose = new ArrayDeque<>(idle);
            idle.clear();
        }
        toClose.forEach(ExecutionEnvironments::closeQuietly);
    }

    private static void closeQuietly(Environment<?> environment) {
        try {
            environment.resources().close();
        } catch (Exception e) {
            System.err.println("could not close an execution environment: " + e);
        }
    }
}
