package io.tourists.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.tourists.json.Json;
import io.tourists.local.sqs.EmbeddedSqs;
import io.tourists.local.template.SamTemplate;
import io.tourists.queue.SqsClients;
import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;

/**
 * Runs the LocalStack init hook's AWS CLI commands against ElasticMQ (the real SQS wire protocol) and
 * compares the queues it made with template.yaml. ElasticMQ keeps names, visibility timeout and redrive
 * policy; retention, encryption and the redrive-allow policy it ignores, so InitHookTest compares the
 * values the hook sends for those, and LocalStackFlowIT checks them where Docker runs LocalStack.
 */
class InitHookIT {

    static final Path HOOK = Path.of("localstack", "init", "ready.d", "10-create-queues.sh");

    static final boolean AWS_CLI = onPath("aws");

    static EmbeddedSqs sqs;
    static SqsClient client;

    @BeforeAll
    static void startElasticMq() {
        if (AWS_CLI) {
            sqs = EmbeddedSqs.start(0);
            client = SqsClients.forEndpoint(sqs.endpoint(), Region.US_EAST_1,
                    StaticCredentialsProvider.create(AwsBasicCredentials.create("test", "test")), Duration.ofSeconds(10));
        }
    }

    @BeforeEach
    void needsTheAwsCli() {
        assumeTrue(AWS_CLI, "skipped: the AWS CLI (`aws`) is not on PATH. Install it (Debian: "
                + "apt-get install -y awscli) to run the LocalStack init hook against ElasticMQ.");
    }

    @AfterAll
    static void stopElasticMq() {
        if (client != null) {
            client.close();
        }
        if (sqs != null) {
            sqs.close();
        }
    }

    @Test
    void theHookCreatesTheQueuesAsTheTemplateDefinesThem_andRunningItAgainChangesNothing() throws Exception {
        var first = runHook();
        var second = runHook();

        assertThat(first.exitCode()).as(first.output()).isZero();
        assertThat(second.exitCode()).as("a second run: %s", second.output()).isZero();
        var template = TemplateTest.TEMPLATE;
        var writeQueue = template.properties("WriteQueue");
        var deadLetterQueue = template.properties("WriteDeadLetterQueue");
        // The template names no queue (CloudFormation generates the names); the hook uses the local names.
        var writeUrl = client.getQueueUrl(r -> r.queueName(localName("WriteQueue"))).queueUrl();
        var dlqUrl = client.getQueueUrl(r -> r.queueName(localName("WriteDeadLetterQueue"))).queueUrl();
        var write = client.getQueueAttributes(r -> r.queueUrl(writeUrl).attributeNames(QueueAttributeName.ALL)).attributes();
        var dlqArn = client.getQueueAttributes(r -> r.queueUrl(dlqUrl).attributeNames(QueueAttributeName.QUEUE_ARN))
                .attributes().get(QueueAttributeName.QUEUE_ARN);

        assertThat(write.get(QueueAttributeName.VISIBILITY_TIMEOUT))
                .isEqualTo(String.valueOf(writeQueue.get("VisibilityTimeout")));
        var redrive = Json.readTree(write.get(QueueAttributeName.REDRIVE_POLICY));
        var templateRedrive = (Map<?, ?>) writeQueue.get("RedrivePolicy");
        assertThat(redrive.path("deadLetterTargetArn").asText()).isEqualTo(dlqArn);
        assertThat(redrive.path("maxReceiveCount").asInt())
                .isEqualTo(Integer.parseInt(String.valueOf(templateRedrive.get("maxReceiveCount"))));
    }

    record Run(int exitCode, String output) {}

    private static String localName(String queue) {
        var resource = SamTemplate.map(TemplateTest.TEMPLATE.resources(), queue);
        return String.valueOf(SamTemplate.map(resource, "Metadata").get("LocalQueueName"));
    }

    private static Run runHook() throws IOException, InterruptedException {
        var process = new ProcessBuilder("bash", HOOK.toString()).redirectErrorStream(true);
        process.environment().putAll(Map.of(
                "AWS_ENDPOINT_URL", sqs.endpoint().toString(),
                "AWS_ACCESS_KEY_ID", "test",
                "AWS_SECRET_ACCESS_KEY", "test",
                "AWS_DEFAULT_REGION", "us-east-1",
                "AWS_EC2_METADATA_DISABLED", "true",
                "AWS_PAGER", ""));
        var running = process.start();
        var output = new String(running.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!running.waitFor(120, TimeUnit.SECONDS)) {
            running.destroyForcibly();
            return new Run(-1, output + "\n(timed out)");
        }
        return new Run(running.exitValue(), output);
    }

    static boolean onPath(String command) {
        return Arrays.stream(System.getenv().getOrDefault("PATH", "").split(File.pathSeparator))
                .map(dir -> Path.of(dir, command))
                .anyMatch(Files::isExecutable);
    }
}
