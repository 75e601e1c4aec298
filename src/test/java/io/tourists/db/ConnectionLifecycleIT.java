package io.tourists.db;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import io.tourists.consumer.ConsumerFunction;
import io.tourists.lambda.AwsClients;
import io.tourists.lambda.FunctionSetup;
import io.tourists.lambda.SecretSource;
import io.tourists.local.lambda.LocalContext;
import io.tourists.queue.WriteEnvelope;
import io.tourists.read.ReadFunction;
import io.tourists.testing.SecretsManagerStandIn;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The pool's life around SnapStart and secret rotation, against real PostgreSQL with password
 * authentication: after a restore the functions open a fresh connection, and a password rotated since
 * it was fetched is fetched again and used.
 */
class ConnectionLifecycleIT {

    static EmbeddedPostgres postgres;
    static String url;

    @BeforeAll
    static void startPostgresWithPasswordAuthentication() throws IOException, SQLException {
        postgres = EmbeddedPostgres.builder().start();
        try (var connection = postgres.getPostgresDatabase().getConnection();
             var statement = connection.createStatement()) {
            statement.execute("create role tourists login password 'tourists'");
            statement.execute("create database tourists owner tourists");
            statement.execute("create role rotating login password 'first-password'");
            statement.execute("create role from_secret login password 'secret-password'");
            statement.execute("create role rotated_by_secret login password 'first-password'");
            statement.execute("grant all on database tourists to from_secret, rotated_by_secret");
            try (var hba = statement.executeQuery("show hba_file")) {
                hba.next();
                // The superuser keeps trust (the test's own admin path); everyone else must give a password.
                Files.writeString(Path.of(hba.getString(1)), """
                        host all postgres 127.0.0.1/32 trust
                        host all postgres ::1/128 trust
                        host all all 127.0.0.1/32 scram-sha-256
                        host all all ::1/128 scram-sha-256
                        """);
            }
            statement.execute("select pg_reload_conf()");
        }
        url = "jdbc:postgresql://127.0.0.1:" + postgres.getPort() + "/tourists";
        // Flyway holds a second connection for its lock.
        try (var pool = Databases.pool(new DbSettings(url, "tourists", "tourists", 2, Duration.ofSeconds(5)), "migrations")) {
            Migrations.migrate(pool);
        }
        try (var connection = postgres.getDatabase("postgres", "tourists").getConnection();
             var statement = connection.createStatement()) {
            statement.execute("grant select, insert, update, delete on all tables in schema public"
                    + " to from_secret, rotated_by_secret");
        }
    }

    @AfterAll
    static void stopPostgres() throws IOException {
        postgres.close();
    }

    @Test
    void theReadFunctionOpensAFreshConnectionAfterARestore() {
        var env = Map.of("DB_URL", url, "DB_USER", "tourists", "DB_PASSWORD", "tourists");
        try (var read = new ReadFunction(FunctionSetup.of(env, AwsClients.fromEnvironment(env)))) {
            assertThat(read.handleRequest(get(UUID.randomUUID()), context()).getStatusCode()).isEqualTo(404);
            var before = backends("tourists-read");
            assertThat(before).hasSize(1);

            read.afterRestore(null);

            awaitNoBackend("tourists-read");
            assertThat(read.handleRequest(get(UUID.randomUUID()), context()).getStatusCode()).isEqualTo(404);
            assertThat(backends("tourists-read")).hasSize(1).doesNotContainAnyElementsOf(before);
        }
    }

    @Test
    void theConsumerFunctionOpensAFreshConnectionAfterARestore() {
        var env = Map.of("DB_URL", url, "DB_USER", "tourists", "DB_PASSWORD", "tourists",
                "AWS_REGION", "us-east-1", "WRITE_QUEUE_URL", "http://127.0.0.1:9/000000000000/tourist-writes",
                "DEAD_LETTER_QUEUE_URL", "http://127.0.0.1:9/000000000000/tourist-writes-dlq");
        try (var consumer = new ConsumerFunction(FunctionSetup.of(env, AwsClients.fromEnvironment(env)))) {
            assertThat(consumer.handleRequest(deleteEvent(), context()).getBatchItemFailures()).isEmpty();
            var before = backends("tourists-consumer");
            assertThat(before).hasSize(1);

            consumer.afterRestore(null);

            awaitNoBackend("tourists-consumer");
            assertThat(consumer.handleRequest(deleteEvent(), context()).getBatchItemFailures()).isEmpty();
            assertThat(backends("tourists-consumer")).hasSize(1).doesNotContainAnyElementsOf(before);
        }
    }

    @Test
    void aPasswordRotatedSinceItWasFetchedIsFetchedAgainAndUsed() throws SQLException {
        var secret = new RotatingSecret("rotating", "first-password");
        try (var pool = Databases.pool(settings("rotating"), secret, "rotation")) {
            selectOne(pool);
            admin("alter role rotating password 'second-password'");
            secret.rotateTo("second-password");
            pool.getHikariPoolMXBean().softEvictConnections();

            selectOne(pool);

            assertThat(secret.fetches.get()).as("fetched at first, then again once refused").isEqualTo(2);
        }
    }

    @Test
    void aPasswordStillRefusedAfterFetchingAgainIsAnUnavailableDatabase() {
        var secret = new RotatingSecret("rotating", "never-the-password");
        try (var pool = Databases.pool(settings("rotating"), secret, "refused")) {
            assertThatThrownBy(() -> new TouristStore(pool).find(UUID.randomUUID()))
                    .isInstanceOf(StoreException.Unavailable.class);
            assertThat(secret.fetches.get()).isGreaterThanOrEqualTo(2);
        }
    }

    // DB_SECRET_ARN, as on AWS: the SDK's client reads the secret from a Secrets Manager stand-in.

    @Test
    void aFunctionWithDbSecretArnLogsInAsTheSecretsUser_readingItAtTheFirstQueryNotAtInit() {
        var arn = "arn:aws:secretsmanager:us-east-1:123456789012:secret:tourists/read-AbCdEf";
        try (var secretsManager = SecretsManagerStandIn.start()) {
            secretsManager.put(arn, "from_secret", "secret-password");
            var env = Map.of("DB_URL", url, "DB_SECRET_ARN", arn, "AWS_REGION", "us-east-1");
            try (var read = new ReadFunction(FunctionSetup.of(env, withSecretsManager(secretsManager)))) {
                assertThat(secretsManager.reads(arn)).as("read at init").isZero();

                assertThat(read.handleRequest(get(UUID.randomUUID()), context()).getStatusCode()).isEqualTo(404);

                assertThat(secretsManager.reads(arn)).isEqualTo(1);
                assertThat(backendUsers("tourists-read")).contains("from_secret");
            }
        }
    }

    @Test
    void aPasswordRotatedInSecretsManagerIsReadAgainOncePostgresRefusesTheOldOne() throws SQLException {
        var arn = "arn:aws:secretsmanager:us-east-1:123456789012:secret:tourists/rotated-AbCdEf";
        try (var secretsManager = SecretsManagerStandIn.start()) {
            secretsManager.put(arn, "rotated_by_secret", "first-password");
            var env = Map.of("DB_URL", url, "DB_SECRET_ARN", arn);
            try (var pool = Databases.fromEnvironment(env, () -> SecretSource.of(secretsManager.client()), "secret-rotation")) {
                selectOne(pool);
                admin("alter role rotated_by_secret password 'second-password'");
                secretsManager.put(arn, "rotated_by_secret", "second-password");
                pool.getHikariPoolMXBean().softEvictConnections();

                selectOne(pool);

                assertThat(secretsManager.reads(arn)).as("read at first, then again once refused").isEqualTo(2);
            }
        }
    }

    @Test
    void aConsumerRestoredFromASnapshotReadsTheSecretAgain() {
        var arn = "arn:aws:secretsmanager:us-east-1:123456789012:secret:tourists/consumer-AbCdEf";
        try (var secretsManager = SecretsManagerStandIn.start()) {
            secretsManager.put(arn, "from_secret", "secret-password");
            var env = Map.of("DB_URL", url, "DB_SECRET_ARN", arn, "AWS_REGION", "us-east-1",
                    "WRITE_QUEUE_URL", "http://127.0.0.1:9/000000000000/tourist-writes",
                    "DEAD_LETTER_QUEUE_URL", "http://127.0.0.1:9/000000000000/tourist-writes-dlq");
            try (var consumer = new ConsumerFunction(FunctionSetup.of(env, withSecretsManager(secretsManager)))) {
                assertThat(consumer.handleRequest(deleteEvent(), context()).getBatchItemFailures()).isEmpty();

                consumer.afterRestore(null);

                awaitNoBackend("tourists-consumer");
                assertThat(consumer.handleRequest(deleteEvent(), context()).getBatchItemFailures()).isEmpty();
                assertThat(secretsManager.reads(arn)).as("once before the snapshot, once after the restore").isEqualTo(2);
            }
        }
    }

    /** SQS clients as Lambda would build them (none is called here), Secrets Manager at the stand-in. */
    private static AwsClients withSecretsManager(SecretsManagerStandIn secretsManager) {
        var lambda = AwsClients.fromEnvironment(Map.of("AWS_REGION", "us-east-1"));
        return new AwsClients(lambda::sqs, secretsManager::client);
    }

    /** What a Secrets Manager secret does under rotation: a value that changes, fetched on demand. */
    static final class RotatingSecret implements DbCredentials {
        final AtomicInteger fetches = new AtomicInteger();
        private final String user;
        private volatile String stored;
        private volatile UserPassword fetched;

        RotatingSecret(String user, String password) {
            this.user = user;
            this.stored = password;
        }

        void rotateTo(String password) {
            stored = password;
        }

        @Override
        public UserPassword current() {
            if (fetched == null) {
                fetches.incrementAndGet();
                fetched = new UserPassword(user, stored);
            }
            return fetched;
        }

        @Override
        public void forget() {
            fetched = null;
        }
    }

    private static DbSettings settings(String user) {
        return new DbSettings(url, user, user, 1, Duration.ofMillis(1_500));
    }

    private static void selectOne(javax.sql.DataSource pool) throws SQLException {
        try (var connection = pool.getConnection(); var statement = connection.createStatement()) {
            statement.execute("select 1");
        }
    }

    private static void admin(String sql) throws SQLException {
        try (var connection = postgres.getPostgresDatabase().getConnection();
             var statement = connection.createStatement()) {
            statement.execute(sql);
        }
    }

    private static List<String> backendUsers(String applicationName) {
        try (var connection = postgres.getPostgresDatabase().getConnection();
             var statement = connection.prepareStatement(
                     "select usename from pg_stat_activity where application_name = ?")) {
            statement.setString(1, applicationName);
            try (var rows = statement.executeQuery()) {
                var users = new java.util.ArrayList<String>();
                while (rows.next()) {
                    users.add(rows.getString(1));
                }
                return users;
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    private static List<Integer> backends(String applicationName) {
        try (var connection = postgres.getPostgresDatabase().getConnection();
             var statement = connection.prepareStatement("select pid from pg_stat_activity where application_name = ?")) {
            statement.setString(1, applicationName);
            try (var rows = statement.executeQuery()) {
                var pids = new java.util.ArrayList<Integer>();
                while (rows.next()) {
                    pids.add(rows.getInt(1));
                }
                return pids;
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Evicted connections are closed on the pool's own thread: wait for it, within bounds. */
    private static void awaitNoBackend(String applicationName) {
        long deadline = System.nanoTime() + Duration.ofSeconds(15).toNanos();
        while (!backends(applicationName).isEmpty() && System.nanoTime() < deadline) {
            pause();
        }
        assertThat(backends(applicationName)).as("connections of %s after the restore", applicationName).isEmpty();
    }

    private static void pause() {
        try {
            Thread.sleep(50);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static LocalContext context() {
        return new LocalContext("tourists", 1024, Duration.ofSeconds(30));
    }

    private static APIGatewayV2HTTPEvent get(UUID touristId) {
        return APIGatewayV2HTTPEvent.builder()
                .withVersion("2.0")
                .withRawPath("/tourists/" + touristId)
                .withHeaders(Map.of())
                .withRequestContext(APIGatewayV2HTTPEvent.RequestContext.builder()
                        .withRequestId(UUID.randomUUID().toString())
                        .withHttp(APIGatewayV2HTTPEvent.RequestContext.Http.builder()
                                .withMethod("GET").withPath("/tourists/" + touristId).build())
                        .build())
                .build();
    }

    private static SQSEvent deleteEvent() {
        var message = new SQSEvent.SQSMessage();
        message.setMessageId(UUID.randomUUID().toString());
        message.setEventSourceArn("arn:aws:sqs:us-east-1:000000000000:tourist-writes");
        message.setBody("""
                {"type":"tourist.deleted","schemaVersion":1,"writeId":"%s","touristId":"%s","occurredAt":"%s"}"""
                .formatted(UUID.randomUUID(), UUID.randomUUID(), WriteEnvelope.stamp(Clock.systemUTC())));
        var event = new SQSEvent();
        event.setRecords(List.of(message));
        return event;
    }
}
