package io.tourists.testing;

import com.zaxxer.hikari.HikariDataSource;
import io.tourists.db.Databases;
import io.tourists.db.DbSettings;
import io.tourists.db.Migrations;
import io.tourists.lambda.AwsClients;
import io.tourists.local.db.EmbeddedDatabase;
import io.tourists.local.sqs.EmbeddedSqs;
import io.tourists.migrate.AppRole;
import io.tourists.queue.SqsClients;
import java.net.URI;
import java.sql.SQLException;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.sqs.SqsClient;

/**
 * One ElasticMQ and one PostgreSQL for the whole integration-test JVM, started on free ports at first use
 * (a few seconds each) and stopped when the JVM exits. Each test gets fresh queues and an empty schema.
 */
public final class Infrastructure {

    private static final AtomicInteger QUEUE_COUNTER = new AtomicInteger();
    private static EmbeddedSqs sqsServer;
    private static EmbeddedDatabase database;
    private static HikariDataSource dataSource;
    private static HikariDataSource consumerDataSource;
    private static HikariDataSource readerDataSource;
    private static SqsClient sqs;

    private Infrastructure() {
    }

    public static synchronized SqsClient sqs() {
        if (sqs == null) {
            sqsServer = EmbeddedSqs.start(0);
            sqs = sqsClient(sqsServer.endpoint());
            Runtime.getRuntime().addShutdownHook(new Thread(sqsServer::close));
        }
        return sqs;
    }

    /** The embedded ElasticMQ's endpoint (started if it was not). */
    public static synchronized URI sqsEndpoint() {
        sqs();
        return sqsServer.endpoint();
    }

    public static SqsClient sqsClient(URI endpoint) {
        return SqsClients.forEndpoint(endpoint, Region.of(EmbeddedSqs.REGION),
                StaticCredentialsProvider.create(AwsBasicCredentials.create("local", "local")), Duration.ofSeconds(5));
    }

    /**
     * What a function built from its environment gets in the tests: a new SQS client to the test ElasticMQ
     * at each request (the function owns and closes it), and no Secrets Manager.
     */
    public static AwsClients awsClients() {
        return awsClients(sqsEndpoint());
    }

    /** The same, with SQS reached at this endpoint (a proxy in front of the test ElasticMQ). */
    public static AwsClients awsClients(URI endpoint) {
        return new AwsClients(timeout -> SqsClients.forEndpoint(endpoint, Region.of(EmbeddedSqs.REGION),
                StaticCredentialsProvider.create(AwsBasicCredentials.create("local", "local")), timeout),
                () -> {
                    throw new IllegalStateException("no Secrets Manager in these tests: set DB_USER and DB_PASSWORD");
                });
    }

    /** The environment variables that reach the test PostgreSQL with a pool of one, as the schema's owner. */
    public static Map<String, String> databaseVariables() {
        var database = database();
        return Map.of("DB_URL", database.jdbcUrl(), "DB_USER", database.user(), "DB_PASSWORD", database.password(),
                "DB_POOL_SIZE", "1");
    }

    /** A function's variables with a pool of one, logging in as its role (as on AWS), not as the owner. */
    public static Map<String, String> databaseVariables(AppRole role) {
        return AppRoles.variables(database(), role, 1);
    }

    /** The consumer's pool, as its role tourists_consumer: what a consumer under test writes with. */
    public static synchronized HikariDataSource consumerDataSource() {
        database();
        if (consumerDataSource == null) {
            consumerDataSource = Databases.pool(roleSettings(AppRole.CONSUMER, 4), "tests-consumer");
        }
        return consumerDataSource;
    }

    /** The read function's pool, as its role tourists_reader. */
    public static synchronized HikariDataSource readerDataSource() {
        database();
        if (readerDataSource == null) {
            readerDataSource = Databases.pool(roleSettings(AppRole.READER, 4), "tests-reader");
        }
        return readerDataSource;
    }

    private static DbSettings roleSettings(AppRole role, int poolSize) {
        return new DbSettings(database.jdbcUrl(), role.roleName(), role.roleName(), poolSize,
                DbSettings.DEFAULT_CONNECTION_TIMEOUT);
    }

    public static synchronized EmbeddedDatabase database() {
        if (database == null) {
            database = EmbeddedDatabase.start(0, "tourists", Optional.empty());
            Runtime.getRuntime().addShutdownHook(new Thread(database::close));
            dataSource = Databases.pool(settings(database, 4), "tests");
            Migrations.migrate(dataSource);
            AppRoles.create(database);
        }
        return database;
    }

    /** A pool for the test's own queries and assertions. */
    public static synchronized HikariDataSource dataSource() {
        database();
        return dataSource;
    }

    public static DbSettings settings(EmbeddedDatabase database, int poolSize) {
        return new DbSettings(database.jdbcUrl(), database.user(), database.password(), poolSize,
                DbSettings.DEFAULT_CONNECTION_TIMEOUT);
    }

    /** Empties every table, so each test starts from nothing. */
    public static void resetDatabase() {
        execute("truncate tourist, applied_write, write_rejection, tourist_feed_pruned");
    }

    /** Runs one SQL statement on the shared database, e.g. a constraint a test adds to make it refuse a write. */
    public static void execute(String sql) {
        try (var connection = dataSource().getConnection(); var statement = connection.createStatement()) {
            statement.execute(sql);
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A fresh write queue and dead-letter queue on the shared ElasticMQ, with a name no other test uses. */
    public static TestQueues newQueues(String prefix, int maxReceiveCount, Duration visibilityTimeout, boolean fifo) {
        return TestQueues.create(sqs(), prefix + "-" + QUEUE_COUNTER.incrementAndGet(), visibilityTimeout,
                maxReceiveCount, fifo);
    }

    /** Visible plus in-flight messages. */
    public static int depth(String queueUrl) {
        return (int) TestQueues.depth(sqs(), queueUrl);
    }

    /** Waits until the queue holds nothing (visible or in flight), asking every 250 ms; false after {@code bound}. */
    public static boolean drained(String queueUrl, Duration bound) throws InterruptedException {
        long deadline = System.nanoTime() + bound.toNanos();
        while (System.nanoTime() < deadline) {
            if (depth(queueUrl) == 0) {
                return true;
            }
            Thread.sleep(250);
        }
        return false;
    }
}
