package io.tourists.lambda;

/**
 * Work a function's init phase runs on a second thread while its constructor goes on, and waits for before the
 * init phase ends: priming that does not depend on what the constructor builds (the JSON, the domain, log4j's
 * start) beside the SDK client the constructor builds. Lambda runs init on more CPU than a small function's
 * invocations get (https://bitesizedserverless.com/bite/lambda-cold-start-bootstrap/), so two threads finish it
 * sooner than one; anywhere else it costs nothing but a thread.
 */
public final class InitWork {

    private final Thread thread;
    private volatile Throwable failure;

    private InitWork(String name, Runnable work) {
        this.thread = Thread.ofPlatform().name(name).daemon().unstarted(() -> {
            try {
                work.run();
            } catch (Throwable e) {
                failure = e;
            }
        });
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
