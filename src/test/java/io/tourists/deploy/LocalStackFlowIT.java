package io.tourists.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import io.tourists.api.ApiFunction;
import io.tourists.consumer.ConsumerFunction;
import io.tourists.consumer.WriteBatchConsumer;
import io.tourists.db.DbSettings;
import io.tourists.db.Databases;
import io.tourists.db.Migrations;
import io.tourists.json.Json;
import io.tourists.lambda.AwsClients;
import io.tourists.lambda.FunctionSetup;
import io.tourists.local.db.EmbeddedDatabase;
import io.tourists.local.sqs.BatchPoller;
import io.tourists.local.lambda.LocalContext;
import io.tourists.queue.SqsClients;
import io.tourists.read.ReadFunction;
import io.tourists.testing.TestIdKey;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.testcontainers.DockerClientFactory;
import org.testcontainers.localstack.LocalStackContainer;
import org.testcontainers.utility.DockerImageName;
import org.testcontainers.utility.MountableFile;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;

/**
 * The whole write path against LocalStack, where a Docker engine exists: LocalStack's SQS and Secrets
 * Manager set up by the init hooks of localstack/, PostgreSQL embedded. A POST goes through the API
 * function onto the queue, the emulated event source mapping hands it to the consumer, which reads its
 * database password from the secret, and a GET reads it back.
 */
class LocalStackFlowIT {

    /** Pinned, as in localstack/compose.yaml. */
    static final DockerImageName LOCALSTACK = DockerImageName.parse("localstack/localstack:4.4");
    static final String HOOKS = "/etc/localstack/init/ready.d/";

    static boolean docker;

    @BeforeAll
    static void lookForDocker() {
        docker = DockerClientFactory.instance().isDockerAvailable();
    }

    @BeforeEach
    void needsDocker() {
        assumeTrue(docker, "skipped: no Docker engine here (Testcontainers found none), so LocalStack cannot run. "
                + "This test runs where `docker info` works; InitHookIT checks the init hook against ElasticMQ meanwhile.");
    }

    @Test
    void aWriteTravelsFromTheApiThroughLocalStackIntoPostgresAndBackOut() throws Exception {
        try (var localstack = new LocalStackContainer(LOCALSTACK)
                .withServices("sqs", "secretsmanager")
                .withCopyFileToContainer(hook("10-create-queues.sh"), HOOKS + "10-create-queues.sh")
                .withCopyFileToContainer(hook("20-create-db-secret.sh"), HOOKS + "20-create-db-secret.sh");
             var database = EmbeddedDatabase.start(0, "tourists", Optional.empty())) {
            localstack.start();
            var credentials = StaticCredentialsProvider.create(
                    AwsBasicCredentials.create(localstack.getAccessKey(), localstack.getSecretKey()));
            var region = Region.of(localstack.getRegion());
            var sqs = SqsClients.forEndpoint(localstack.getEndpoint(), region, credentials, Duration.ofSeconds(10));
            var secrets = SecretsManagerClient.builder()
                    .httpClient(UrlConnectionHttpClient.create())
                    .endpointOverride(localstack.getEndpoint())
                    .region(region)
                    .credentialsProvider(credentials)
                    .build();
            awaitHooks(sqs, secrets);

            var writeUrl = sqs.getQueueUrl(r -> r.queueName("tourist-writes")).queueUrl();
            var dlqUrl = sqs.getQueueUrl(r -> r.queueName("tourist-writes-dlq")).queueUrl();
            var writeAttributes = sqs.getQueueAttributes(r -> r.queueUrl(writeUrl)
                    .attributeNames(QueueAttributeName.ALL)).attributes();
            var dlqAttributes = sqs.getQueueAttributes(r -> r.queueUrl(dlqUrl)
                    .attributeNames(QueueAttributeName.ALL)).attributes();
            assertThat(writeAttributes.get(QueueAttributeName.VISIBILITY_TIMEOUT)).isEqualTo("190");
            assertThat(writeAttributes.get(QueueAttributeName.SQS_MANAGED_SSE_ENABLED)).isEqualTo("true");
            assertThat(Json.readTree(dlqAttributes.get(QueueAttributeName.REDRIVE_ALLOW_POLICY))
                    .path("sourceQueueArns").get(0).asText())
                    .isEqualTo(writeAttributes.get(QueueAttributeName.QUEUE_ARN));

            var secretArn = secrets.describeSecret(r -> r.secretId("tourists/db")).arn();
            try (var migrations = Databases.pool(new DbSettings(database.jdbcUrl(), database.user(),
                    database.password(), 2, Duration.ofSeconds(5)), "migrations")) {
                Migrations.migrate(migrations);
            }
            // The functions as Lambda assembles them, with LocalStack's clients: the database login reads the secret.
            var clients = new AwsClients(timeout -> sqs, () -> secrets);
            var fromSecret = Map.of("DB_URL", database.jdbcUrl(), "DB_SECRET_ARN", secretArn);
            var consumerEnv = new java.util.HashMap<>(fromSecret);
            consumerEnv.put("WRITE_QUEUE_URL", writeUrl);
            consumerEnv.put("DEAD_LETTER_QUEUE_URL", dlqUrl);
            try (var api = new ApiFunction(FunctionSetup.of(Map.of("WRITE_QUEUE_URL", writeUrl, "ID_KEY", TestIdKey.VALUE), clients));
                 var consumer = new ConsumerFunction(FunctionSetup.of(consumerEnv, clients));
                 var read = new ReadFunction(FunctionSetup.of(fromSecret, clients))) {

                var accepted = api.handleRequest(post(), context("api"));
                assertThat(accepted.getStatusCode()).isEqualTo(202);
                var touristId = Json.readTree(accepted.getBody()).path("touristId").asText();

                var mapping = new BatchPoller(sqs, writeUrl, writeAttributes.get(QueueAttributeName.QUEUE_ARN),
                        localstack.getRegion(), new BatchPoller.Settings(10, Duration.ofSeconds(1),
                        Duration.ofSeconds(30)), consumer, () -> context("consumer"));
                var invocation = mapping.pollOnce(Duration.ofSeconds(10));
                assertThat(invocation.error()).isEmpty();
                assertThat(invocation.deleted()).isEqualTo(1);

                var found = read.handleRequest(get(touristId), context("read"));
                assertThat(found.getStatusCode()).isEqualTo(200);
                assertThat(Json.readTree(found.getBody()).path("lastName").asText()).isEqualTo("Lovelace");
            }
        }
    }

    private static MountableFile hook(String name) {
        return MountableFile.forHostPath(Path.of("localstack", "init", "ready.d", name), 0755);
    }

    /** The ready hooks run after LocalStack says Ready: wait for what they create, within bounds. */
    private static void awaitHooks(SqsClient sqs, SecretsManagerClient secrets) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(90).toNanos();
        while (true) {
            try {
                sqs.getQueueUrl(r -> r.queueName("tourist-writes"));
                secrets.describeSecret(r -> r.secretId("tourists/db"));
                return;
            } catch (RuntimeException notYet) {
                if (System.nanoTime() > deadline) {
                    throw notYet;
                }
                Thread.sleep(500);
            }
        }
    }

    private static LocalContext context(String function) {
        return new LocalContext(function, 1024, Duration.ofSeconds(30));
    }

    private static APIGatewayV2HTTPEvent post() {
        return event("POST", "/tourists", """
                {"firstName":"Ada","lastName":"Lovelace","email":"ada@example.org","nationality":"GB",
                 "dateOfBirth":"1990-12-10"}""");
    }

    private static APIGatewayV2HTTPEvent get(String touristId) {
        return event("GET", "/tourists/" + touristId, null);
    }

    private static APIGatewayV2HTTPEvent event(String method, String path, String body) {
        return APIGatewayV2HTTPEvent.builder()
                .withVersion("2.0")
                .withRawPath(path)
                .withHeaders(Map.of("content-type", "application/json"))
                .withBody(body)
                .withRequestContext(APIGatewayV2HTTPEvent.RequestContext.builder()
                        .withRequestId(java.util.UUID.randomUUID().toString())
                        .withHttp(APIGatewayV2HTTPEvent.RequestContext.Http.builder()
                                .withMethod(method).withPath(path).build())
                        .build())
                .build();
    }
}
