package io.tourists.lambda;

import java.time.Duration;
import java.util.concurrent.locks.LockSupport;
import org.slf4j.LoggerFactory;
import org.slf4j.helpers.SubstituteLoggerFactory;

/**
 * Work a function's init phase runs on a second thread while its constructor goes on, and waits for before the
 * init phase ends: priming that does not depend on what the constructor builds (the JSON, the domain, log4j's
 * start) beside the SDK client the constructor builds. Lambda runs init on more CPU than a small function's
 * invocations get (https://bitesizedserverless.com/bite/lambda-cold-start-bootstrap/), so two threads finish it
 * sooner than one; anywhere else it costs nothing but a thread.
 */
public final class InitWork {

    private static final Duration LOGGING_POLL = Duration.ofNanos(100_000);

    private final Thread thread;
    private volatile Throwable failure;

    private InitWork(String name, Runnable work) {
        this.thread = Thread.ofPlatform().name(name).daemon().unstarted(() -> {
            try {
                awaitLogging();
                work.run();
            } catch (Throwable e) {
                failure = e;
            }
        });
    }

    /**
     * Waits until SLF4J has started log4j, whichever thread starts it. While one thread starts it, SLF4J answers
     * another with stand-ins, and MDC keeps the first adapter it is given: an MDC call from the work during
     * that time (the write path's priming sets the correlation id) would bind MDC to the stand-in for the life
     * of the environment, and every log line would lose the Lambda context and the correlation id (seen in
     * ArtifactIT: "Temporary mdcAdapter given by SubstituteServiceProvider", then "function_name":null).
     */
    private static void awaitLogging() {
        while (LoggerFactory.getILoggerFactory() instanceof SubstituteLoggerFactory) {
            LockSupport.parkNanos(LOGGING_POLL.toNanos());
        }
    }

    /** Starts the work now. */
    public static InitWork start(String name, Runnable work) {
        var initWork = new InitWork(name, work);
        initWork.thread.start();
        return initWork;
    }

    /** Waits for the work; its failure fails the init, as it would have on the constructor's own thread. */
    public void await() {
        try {
            thread.join();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for " + thread.getName(), e);
        }
        if (failure != null) {
            throw new IllegalStateException(thread.getName() + " failed", failure);
        }
    }
}
