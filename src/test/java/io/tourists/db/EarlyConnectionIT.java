package io.tourists.db;

import static org.assertj.core.api.Assertions.assertThat;

import io.tourists.testing.Infrastructure;
import java.sql.SQLException;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * The pool a function builds from its environment opens its first connection during an on-demand init, on a thread
 * init does not wait for, and never otherwise: not under SnapStart, whose snapshot must hold no connection, nor
 * where the variable is absent (the local runtime, tests).
 */
class EarlyConnectionIT {

    private static final AtomicInteger NAMES = new AtomicInteger();

    @Test
    void anOnDemandInitStartsTheFirstConnectionWithoutAQuery() throws Exception {
        var name = "early-on-demand-" + NAMES.incrementAndGet();
        try (var pool = Databases.fromEnvironment(environment("on-demand"), () -> null, name)) {
            assertThat(waitForBackends(name, 1)).as("backends of " + name).isEqualTo(1);
            try (var connection = pool.getConnection()) {
                assertThat(connection.isValid(1)).isTrue();
            }
            assertThat(backends(name)).as("the first query used that connection").isEqualTo(1);
        }
    }

    @Test
    void aSnapStartInitAndAnEnvironmentWithoutTheVariableOpenNothingBeforeTheFirstQuery() throws Exception {
        for (var type : new String[] {"snap-start", null}) {
            var name = "early-" + type + "-" + NAMES.incrementAndGet();
            try (var pool = Databases.fromEnvironment(environment(type), () -> null, name)) {
                Thread.sleep(Duration.ofMillis(500));
                assertThat(backends(name)).as("backends of " + name + " before any query").isZero();
                try (var connection = pool.getConnection()) {
                    assertThat(connection.isValid(1)).isTrue();
                }
            }
        }
    }

    @Test
    void aDatabaseThatDoesNotAnswerNeitherHoldsNorFailsTheInit() throws Exception {
        // A server that accepts and never answers, as a paused or frozen database: the background attempt waits.
        try (var silent = new java.net.ServerSocket(0, 50, java.net.InetAddress.getLoopbackAddress())) {
            var env = new HashMap<>(environment("on-demand"));
            env.put("DB_URL", "jdbc:postgresql://127.0.0.1:" + silent.getLocalPort() + "/tourists");
            try (var pool = Databases.fromEnvironment(env, () -> null, "early-silent")) {
                assertThat(pool.isRunning()).isTrue();
                try (var accepted = silent.accept()) {
                    assertThat(accepted.isConnected()).as("the background thread is connecting").isTrue();
                }
            }
        }
    }

    private static Map<String, String> environment(String initializationType) {
        var env = new HashMap<>(Infrastructure.databaseVariables());
        if (initializationType != null) {
            env.put("AWS_LAMBDA_INITIALIZATION_TYPE", initializationType);
        }
        return env;
    }

    private static int waitForBackends(String applicationName, int expected) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        int found = backends(applicationName);
        while (found < expected && System.nanoTime() < deadline) {
            Thread.sleep(50);
            found = backends(applicationName);
        }
        return found;
    }

    private static int backends(String applicationName) throws SQLException {
        try (var connection = Infrastructure.dataSource().getConnection();
             var statement = connection.prepareStatement(
                     "select count(*) from pg_stat_activity where application_name = ?")) {
            statement.setString(1, applicationName);
            try (var rows = statement.executeQuery()) {
                rows.next();
                return rows.getInt(1);
            }
        }
    }
}
