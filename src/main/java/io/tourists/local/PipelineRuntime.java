package io.tourists.local;

import io.tourists.local.auth.LocalJwtIssuer;
import io.tourists.local.sqs.EventSourceMapping;
import io.tourists.local.sqs.QueueRef;
import java.io.PrintStream;
import java.net.URI;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The whole pipeline on one machine: SQS (embedded ElasticMQ or a given endpoint), PostgreSQL (embedded or
 * given, migrated), the HTTP API in front of the API and read functions, and the consumer's event source
 * mapping, all with the settings template.yaml deploys. {@link #close()} stops it without losing a message.
 *
 * <p>This class owns the lifecycle only: {@link PipelineStart} starts the parts, {@link RunningPipeline} holds
 * them and stops them, and {@link Parts} stops whatever had started when a start fails or is cut short.
 */
public final class PipelineRuntime implements AutoCloseable {

    private static final Duration START_ABORT_WAIT = Duration.ofSeconds(60);

    private final PrintStream out;
    private final Parts parts;
    private final AtomicBoolean closed = new AtomicBoolean();
    private final CountDownLatch startFinished = new CountDownLatch(1);
    /** Set once, when every part has started; null before that and after a failed start. */
    private volatile RunningPipeline running;

    private PipelineRuntime(PrintStream out) {
        this.out = out;
        this.parts = new Parts(out);
    }

    /**
     * Starts everything and prints the banner and the READY line. On failure, stops what had started and
     * throws; the message says what to change.
     */
    public static PipelineRuntime start(RuntimeSettings settings, PrintStream out) {
        var runtime = new PipelineRuntime(out);
        runtime.start(settings);
        return runtime;
    }

    /** A runtime not started yet, so that a shutdown hook can be in place before anything starts. */
    public static PipelineRuntime unstarted(PrintStream out) {
        return new PipelineRuntime(out);
    }

    /**
     * Starts everything and prints the banner and the READY line. On failure, or if {@link #close()} comes
     * first, stops what had started and throws.
     */
    public void start(RuntimeSettings settings) {
        try {
            running = PipelineStart.start(settings, parts, out);
        } catch (RuntimeException e) {
            parts.stopAll();
            throw e;
        } finally {
            startFinished.countDown();
        }
    }

    /**
     * Stops without losing a message: no new requests; with the embedded queue (which lives in memory) the
     * consumer first empties it, for up to its Timeout; in-flight invocations finish, and whatever was received
     * but not settled goes back to the queue; then the services stop.
     */
    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        var duringStart = startFinished.getCount() > 0;
        parts.refuseNew();
        awaitStartFinished();
        var pipeline = running;
        if (pipeline == null) {
            // The start stopped what it had started; say so only if it was this that cut it short.
            if (duringStart) {
                out.println("STOPPED while starting");
            }
            return;
        }
        try {
            pipeline.stop();
        } finally {
            // Whatever went wrong above, PostgreSQL must not outlive the JVM: nothing else would stop it.
            parts.stopAll();
            out.println("STOPPED");
            out.flush();
        }
    }

    /** A start under way ends soon (what it starts is stopped at once); its parts must be known before stopping. */
    private void awaitStartFinished() {
        try {
            if (!startFinished.await(START_ABORT_WAIT.toSeconds(), TimeUnit.SECONDS)) {
                out.println("note: the start did not end within " + START_ABORT_WAIT.toSeconds() + " s; stopping what is known");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    public URI apiUri() {
        return started().apiUri();
    }

    public String jdbcUrl() {
        return started().jdbcUrl();
    }

    public QueueRef writeQueue() {
        return started().writeQueue();
    }

    /** The queues the runtime uses, by logical id: what it created, or what it was given. */
    public Map<String, QueueRef> queues() {
        return started().queues();
    }

    /** The identity provider whose tokens the API accepts, with --authorizer jwt; empty otherwise. */
    public Optional<LocalJwtIssuer> jwtIssuer() {
        return started().jwtIssuer();
    }

    /** The dashboard page's address, when the settings asked for one. */
    public Optional<URI> dashboardUri() {
        return started().dashboard();
    }

    /** The consumer's running event source mapping; empty when the template disables it. */
    public Optional<EventSourceMapping> consumer() {
        return started().consumer();
    }

    private RunningPipeline started() {
        var pipeline = running;
        if (pipeline == null) {
            throw new IllegalStateException("the pipeline has not started");
        }
        return pipeline;
    }
}
