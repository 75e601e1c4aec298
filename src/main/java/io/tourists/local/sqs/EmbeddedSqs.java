package io.tourists.local.sqs;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import io.tourists.local.net.Ports;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.pekko.actor.ActorSystem;
import org.apache.pekko.actor.Props;
import org.apache.pekko.pattern.Patterns;
import org.elasticmq.NodeAddress;
import org.elasticmq.StrictSQSLimits$;
import org.elasticmq.actor.QueueManagerActor;
import org.elasticmq.actor.queue.QueueEvent;
import org.elasticmq.persistence.sql.SqlQueuePersistenceActor;
import org.elasticmq.persistence.sql.SqlQueuePersistenceConfig;
import org.elasticmq.rest.sqs.SQSRestServer;
import org.elasticmq.rest.sqs.SQSRestServerBuilder;
import org.elasticmq.util.NowProvider;
import scala.Option;
import scala.collection.immutable.List$;
import scala.util.Either;

/**
 * ElasticMQ in this JVM: the real SQS wire protocol, redrive policies and message move tasks. Its queues live
 * in memory, or, given a directory, also in an H2 file there (ElasticMQ's own SQL persistence): every queue
 * and every message event is written before SQS answers the call, so what a SendMessage acknowledged survives
 * a stop and a crash of this JVM.
 */
public final class EmbeddedSqs implements AutoCloseable {

    public static final String REGION = "us-east-1";
    public static final String ACCOUNT_ID = "000000000000";
    private static final Duration RESTORE_BOUND = Duration.ofMinutes(2);
    /**
     * One dispatcher thread per core, not Pekko's default of at least eight: ElasticMQ shares the cores with the
     * pipeline, and on the 2-core development machine a 10,000-row import took 11.3-13.0 s with two threads
     * against 14.4-16.8 s with eight (ImportScenario, three runs each, alternated).
     */
    private static final Config DISPATCHER_PER_CORE =
            ConfigFactory.parseString("pekko.actor.default-dispatcher.fork-join-executor.parallelism-min = 1");

    /**
     * ElasticMQ opens its SQL store once per JVM (a ScalikeJDBC singleton pool) and never again: a second
     * directory in the same JVM would silently write to the first.
     */
    private static Path storeOfThisJvm;

    private final SQSRestServer server;
    private final ActorSystem actors;
    private final URI endpoint;

    private EmbeddedSqs(SQSRestServer server, ActorSystem actors, URI endpoint) {
        this.server = server;
        this.actors = actors;
        this.endpoint = endpoint;
    }

    /** Starts ElasticMQ on 127.0.0.1, in memory; port 0 picks a free one. Queue URLs name the port it listens on. */
    public static EmbeddedSqs start(int port) {
        return start(port, Optional.empty());
    }

    /**
     * As {@link #start(int)}; with a directory, the queues and messages stored there are restored first and every
     * change is stored there before it is acknowledged.
     */
    public static EmbeddedSqs start(int port, Optional<Path> dataDirectory) {
        int chosen = port == 0 ? Ports.free() : port;
        var builder = SQSRestServerBuilder.withInterface("127.0.0.1")
                .withPort(chosen)
                .withServerAddress(new NodeAddress("http", "127.0.0.1", chosen, ""))
                .withAWSRegion(REGION)
                .withAWSAccountId(ACCOUNT_ID);
        var system = ActorSystem.create("elasticmq", DISPATCHER_PER_CORE.withFallback(ConfigFactory.load()));
        try {
            builder = builder.withActorSystem(system);
            if (dataDirectory.isPresent()) {
                builder = builder.withQueueManagerActor(restored(system, dataDirectory.get()));
            }
            var server = builder.start();
            server.waitUntilStarted();
            return new EmbeddedSqs(server, system, URI.create("http://127.0.0.1:" + chosen));
        } catch (RuntimeException e) {
            system.terminate();
            throw e;
        }
    }

    /** ElasticMQ's queue manager, reporting every change to a store in the directory, with what was stored restored. */
    private static org.apache.pekko.actor.ActorRef restored(ActorSystem system, Path directory) {
        var store = claimStore(directory.toAbsolutePath().normalize());
        // WRITE_DELAY=0: H2 writes each commit to its file at once (no fsync: a crash of the JVM loses nothing,
        // a power cut may). DB_CLOSE_ON_EXIT=FALSE: H2's own shutdown hook would close the store while the
        // runtime's hook still settles its last batches.
        var config = new SqlQueuePersistenceConfig(true, "org.h2.Driver",
                "jdbc:h2:file:" + store.resolve("queues") + ";WRITE_DELAY=0;DB_CLOSE_ON_EXIT=FALSE", "", "", false);
        var persistence = system.actorOf(Props.create(SqlQueuePersistenceActor.class, config, List$.MODULE$.empty()));
        var queueManager = system.actorOf(Props.create(QueueManagerActor.class, new NowProvider(),
                StrictSQSLimits$.MODULE$, Option.apply(persistence)));
        Object outcome;
        try {
            outcome = Patterns.ask(persistence, new QueueEvent.Restore(queueManager), RESTORE_BOUND)
                    .toCompletableFuture().get(RESTORE_BOUND.toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException("ElasticMQ could not restore the queues stored in " + store + ": " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while restoring the queues stored in " + store, e);
        }
        if (outcome instanceof Either<?, ?> either && either.isLeft()) {
            throw new IllegalStateException("ElasticMQ could not restore the queues stored in " + store + ": "
                    + either.left().get());
        }
        return queueManager;
    }

    private static synchronized Path claimStore(Path directory) {
        if (storeOfThisJvm != null && !storeOfThisJvm.equals(directory)) {
            throw new IllegalStateException("this JVM already keeps ElasticMQ's messages in " + storeOfThisJvm
                    + "; ElasticMQ opens one store per JVM, so " + directory + " cannot be used as well");
        }
        storeOfThisJvm = directory;
        return directory;
    }

    public URI endpoint() {
        return endpoint;
    }

    @Override
    public void close() {
        server.stopAndWait();
        actors.terminate();
        try {
            actors.getWhenTerminated().toCompletableFuture().get(30, TimeUnit.SECONDS);
        } catch (ExecutionException | TimeoutException e) {
            // A store has everything already: each change was written before it was acknowledged.
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
