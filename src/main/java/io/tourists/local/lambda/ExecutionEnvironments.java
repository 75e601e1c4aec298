package io.tourists.local.lambda;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashSet;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Supplier;

/**
 * A function's execution environments, as Lambda keeps them: one is created when an invocation finds none
 * idle (a cold start), each runs one invocation at a time and is reused warm afterwards, and there are never
 * more than the function's concurrency limit. Each owns what its handler built at init (its connection pool,
 * its SQS client), so peak connections are environments x pool size, as on AWS.
 *
 * <p>An environment's resources are closed only once no invocation runs in it any more: an invocation that
 * timed out is abandoned, not stopped, so its environment is closed when that invocation finally ends. No
 * invocation ever runs on a closed SQS client or pool.
 *
 * @param <H> the handler type
 */
public final class ExecutionEnvironments<H> implements AutoCloseable {

    /** One environment: the handler instance and what to close when Lambda would discard it. */
    public record Environment<H>(H handler, AutoCloseable resources) {}

    private final String functionName;
    private final OptionalInt limit;
    private final Supplier<Environment<H>> coldStart;
    /** One permit per environment the limit allows; fair, so that waiting requests are served first come, first served. */
    private final Optional<Semaphore> permits;
    private final ReentrantLock lock = new ReentrantLock();
    private final Deque<Environment<H>> idle = new ArrayDeque<>();
    private final Set<Environment<H>> busy = new HashSet<>();
    private int coldStarts;
    private volatile boolean closed;

    /**
     * @param limit     the most environments at once (reserved concurrency, the mapping's MaximumConcurrency, or
     *                  what this machine can run); empty for no limit
     * @param coldStart builds one environment, as the function's constructor does at init
     */
    public ExecutionEnvironments(String functionName, OptionalInt limit, Supplier<Environment<H>> coldStart) {
        this.functionName = functionName;
        this.limit = limit;
        this.coldStart = coldStart;
        this.permits = limit.isPresent() ? Optional.of(new Semaphore(limit.getAsInt(), true)) : Optional.empty();
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
        return acquire(Duration.ZERO);
    }

    /**
     * As {@link #acquire()}, but when every allowed environment is busy, waits up to {@code patience} for one to
     * be released, behind those already waiting; empty if none is by then, or once the environments are closed.
     */
    public Optional<Environment<H>> acquire(Duration patience) {
        if (closed) {
            return Optional.empty();
        }
        if (permits.isPresent()) {
            try {
                if (!permits.get().tryAcquire(patience.toNanos(), TimeUnit.NANOSECONDS)) {
                    return Optional.empty();
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return Optional.empty();
            }
        }
        lock.lock();
        try {
            var warm = closed ? null : idle.pollFirst();
            if (warm != null) {
                busy.add(warm);
                return Optional.of(warm);
            }
        } finally {
            lock.unlock();
        }
        if (closed) {
            releasePermit();
            return Optional.empty();
        }
        // Init runs outside the lock, as cold starts of different environments run side by side on Lambda.
        Environment<H> created = null;
        try {
            created = coldStart.get();
            return Optional.of(created);
        } finally {
            if (created == null) {
                releasePermit();
            } else {
                lock.lock();
                try {
                    coldStarts++;
                    busy.add(created);
                } finally {
                    lock.unlock();
                }
            }
        }
    }

    /** The invocation is over: the environment waits, warm, for the next one. */
    public void release(Environment<H> environment) {
        boolean close;
        lock.lock();
        try {
            busy.remove(environment);
            close = closed;
            if (!close) {
                idle.addFirst(environment);
            }
        } finally {
            lock.unlock();
        }
        releasePermit();
        if (close) {
            closeQuietly(environment);
        }
    }

    /**
     * The invocation timed out: Lambda throws the environment away, and the next invocation gets a fresh one.
     * The abandoned invocation may still be running (it was interrupted, not killed), so the environment's
     * resources are closed when {@code invocationEnded} completes, never under it.
     */
    public void discard(Environment<H> environment, CompletionStage<?> invocationEnded) {
        lock.lock();
        try {
            busy.remove(environment);
        } finally {
            lock.unlock();
        }
        releasePermit();
        invocationEnded.whenComplete((result, failure) -> closeQuietly(environment));
    }

    private void releasePermit() {
        permits.ifPresent(Semaphore::release);
    }

    /** How many environments were created so far. */
    public int coldStarts() {
        lock.lock();
        try {
            return coldStarts;
        } finally {
            lock.unlock();
        }
    }

    /** How many environments run an invocation now. */
    public int busy() {
        lock.lock();
        try {
            return busy.size();
        } finally {
            lock.unlock();
        }
    }

    /** Closes the idle environments now and the busy ones as their invocations end. */
    @Override
    public void close() {
        Deque<Environment<H>> toClose;
        lock.lock();
        try {
            closed = true;
            toClose = new ArrayDeque<>(idle);
            idle.clear();
        } finally {
            lock.unlock();
        }
        // Whoever waits for an environment is let through, to find the environments closed.
        permits.ifPresent(semaphore -> semaphore.release(semaphore.getQueueLength() + 1));
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
