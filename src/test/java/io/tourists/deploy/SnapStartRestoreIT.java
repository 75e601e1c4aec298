package io.tourists.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import com.amazonaws.services.lambda.runtime.tests.EventLoader;
import io.tourists.consumer.ConsumerFunction;
import io.tourists.lambda.FunctionSetup;
import io.tourists.local.lambda.LocalContext;
import io.tourists.read.ReadFunction;
import io.tourists.testing.HttpApiRequests;
import io.tourists.testing.Infrastructure;
import io.tourists.testing.lambda.Events;
import java.sql.SQLException;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/**
 * After a SnapStart restore the functions' database connections are new ones: each function serves a request
 * (opening its pool's connection), runs its checkpoint and restore hooks in that order, and serves another;
 * PostgreSQL shows the first connection gone and a different one serving the second request.
 */
class SnapStartRestoreIT {

    private static final LocalContext CONTEXT = new LocalContext("snapstart-restore", 1024, Duration.ofSeconds(10));

    @Test
    void theReadFunctionConnectsAfreshAfterARestore() throws Exception {
        var read = new ReadFunction(environment(Map.of()));

        assertRestoreReconnects("tourists-read", () -> read.handleRequest(HttpApiRequests.request("GET",
                "/tourists/" + Events.TOURIST, Map.of(), null), CONTEXT), () -> {
                    read.beforeCheckpoint(null);
                    read.afterRestore(null);
                });
    }

    @Test
    void theConsumerConnectsAfreshAfterARestore() throws Exception {
        var queues = Infrastructure.newQueues("snapstart-restore", 5, Duration.ofSeconds(30), false);
        var consumer = new ConsumerFunction(environment(Map.of("WRITE_QUEUE_URL", queues.url(),
                "DEAD_LETTER_QUEUE_URL", queues.deadLetterUrl())));

        assertRestoreReconnects("tourists-consumer", () -> consumer.handleRequest(
                EventLoader.loadEvent("events/sqs-standard-event.json", SQSEvent.class), CONTEXT), () -> {
                    consumer.beforeCheckpoint(null);
                    consumer.afterRestore(null);
                });
    }

    private static void assertRestoreReconnects(String applicationName, Runnable request, Runnable checkpointAndRestore)
            throws Exception {
        request.run();
        var beforeCheckpoint = backends(applicationName);
        assertThat(beforeCheckpoint).as("the request opened the pool's one connection").hasSize(1);

        checkpointAndRestore.run();
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (!backends(applicationName).isEmpty() && System.nanoTime() < deadline) {
            Thread.sleep(50);
        }
        assertThat(backends(applicationName)).as("connections after the restore hook").isEmpty();

        request.run();
        var afterRestore = backends(applicationName);
        assertThat(afterRestore).hasSize(1).doesNotContainAnyElementsOf(beforeCheckpoint);
    }

    /** Each function's one assembly, from the test database's variables and these, with the tests' clients. */
    private static FunctionSetup environment(Map<String, String> more) {
        var env = new HashMap<>(Infrastructure.databaseVariables());
        env.putAll(more);
        return FunctionSetup.of(env, Infrastructure.awsClients());
    }

    /** The backend process ids of the connections with this application_name. */
    private static Set<Integer> backends(String applicationName) throws SQLException {
        try (var connection = Infrastructure.dataSource().getConnection();
             var statement = connection.prepareStatement(
                     "select pid from pg_stat_activity where application_name = ?")) {
            statement.setString(1, applicationName);
            var pids = new TreeSet<Integer>();
            try (var rows = statement.executeQuery()) {
                while (rows.next()) {
                    pids.add(rows.getInt(1));
                }
            }
            return pids;
        }
    }
}
