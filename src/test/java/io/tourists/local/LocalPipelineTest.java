package io.tourists.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class LocalPipelineTest {

    private static RuntimeSettings settings(String... args) {
        var command = new LocalPipeline(new PrintStream(PrintStream.nullOutputStream()));
        new CommandLine(command).parseArgs(args);
        return command.settings();
    }

    @Test
    void shouldRunEverythingEmbedded_onTheSpecsDefaultPorts_whenToldNothing() {
        assumeTrue(List.of("AWS_ENDPOINT_URL_SQS", "WRITE_QUEUE_URL", "DB_URL", "LOCAL_API_PORT", "LOCAL_SQS_PORT",
                "LOCAL_DB_PORT", "LOCAL_API_HOST", "LOCAL_TEMPLATE", "LOCAL_PARAMS", "LOCAL_DATA_DIR")
                .stream().allMatch(name -> System.getenv(name) == null), "the environment sets no runtime variable");

        var settings = settings();

        assertThat(settings.apiHost()).isEqualTo("127.0.0.1");
        assertThat(settings.apiPort()).isEqualTo(3000);
        assertThat(settings.sqs()).isEqualTo(new RuntimeSettings.Sqs.Embedded(9324));
        assertThat(settings.database()).isEqualTo(new RuntimeSettings.Database.Embedded(5433, Optional.empty()));
        assertThat(settings.template()).isEqualTo(Path.of("template.yaml"));
        assertThat(settings.parameterOverrides()).isEmpty();
        assertThat(settings.statusInterval()).isEqualTo(Duration.ofSeconds(10));
    }

    @Test
    void shouldTakeEveryEndpointFromFlags() {
        var settings = settings("--api-host", "0.0.0.0", "--api-port", "8080",
                "--sqs-endpoint", "http://localhost:4566", "--region", "eu-west-1",
                "--db-url", "jdbc:postgresql://db.internal:5432/tourists", "--db-user", "app", "--db-password", "secret",
                "--template", "other.yaml", "--param", "ConsumerMaxConcurrency=4", "--param", "ConsumerBatchSize=50",
                "--verbose", "--status-interval", "0");

        assertThat(settings.apiHost()).isEqualTo("0.0.0.0");
        assertThat(settings.apiPort()).isEqualTo(8080);
        assertThat(settings.sqs()).isEqualTo(
                new RuntimeSettings.Sqs.Endpoint(URI.create("http://localhost:4566"), Optional.of("eu-west-1")));
        assertThat(settings.database()).isEqualTo(
                new RuntimeSettings.Database.Existing("jdbc:postgresql://db.internal:5432/tourists", "app", "secret"));
        assertThat(settings.template()).isEqualTo(Path.of("other.yaml"));
        assertThat(settings.parameterOverrides())
                .isEqualTo(Map.of("ConsumerMaxConcurrency", "4", "ConsumerBatchSize", "50"));
        assertThat(settings.verbose()).isTrue();
        assertThat(settings.statusInterval()).isZero();
    }

    @Test
    void shouldUseGivenQueuesAsTheyAre_forRealAws() {
        var settings = settings("--queue-url", "https://sqs.eu-west-1.amazonaws.com/123456789012/tourist-writes",
                "--dlq-url", "https://sqs.eu-west-1.amazonaws.com/123456789012/tourist-writes-dlq");

        assertThat(settings.sqs()).isInstanceOfSatisfying(RuntimeSettings.Sqs.ExistingQueues.class, queues -> {
            assertThat(queues.endpoint()).isEmpty();
            assertThat(queues.queueUrl()).endsWith("/tourist-writes");
            assertThat(queues.deadLetterQueueUrl()).endsWith("/tourist-writes-dlq");
        });
    }

    @Test
    void shouldKeepBothEmbeddedServicesInTheDataDirectory(@TempDir Path directory) {
        var settings = settings("--data-dir", directory.toString());

        assertThat(settings.sqs()).isEqualTo(new RuntimeSettings.Sqs.Embedded(9324, Optional.of(directory.resolve("elasticmq"))));
        assertThat(settings.database())
                .isEqualTo(new RuntimeSettings.Database.Embedded(5433, Optional.of(directory.resolve("postgresql"))));
    }

    @Test
    void shouldRefuseADataDirectoryThatIsAPostgreSqlDataDirectory(@TempDir Path directory) throws Exception {
        Files.writeString(directory.resolve("PG_VERSION"), "17\n");

        assertThatThrownBy(() -> settings("--data-dir", directory.toString()))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining(directory.resolve("postgresql").toString());
    }

    @Test
    void shouldRefuseAQueueWithoutItsDeadLetterQueue() {
        assertThatThrownBy(() -> settings("--queue-url", "https://sqs.eu-west-1.amazonaws.com/123456789012/q"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("--dlq-url");
    }

    @Test
    void shouldLeaveTheApiOpenByDefault_andTakeAnAuthorizerInAnyCase() {
        assumeTrue(System.getenv("LOCAL_AUTHORIZER") == null, "the environment sets no authorizer");

        assertThat(settings().authorizer()).isEqualTo(RuntimeSettings.Authorizer.NONE);
        assertThat(settings("--authorizer", "JWT").authorizer()).isEqualTo(RuntimeSettings.Authorizer.JWT);
        assertThat(settings("--authorizer", "iam").authorizer()).isEqualTo(RuntimeSettings.Authorizer.IAM);
        assertThatThrownBy(() -> settings("--authorizer", "cognito")).hasMessageContaining("none, jwt or iam");
    }

    @Test
    void withJwt_theTemplateIsRunWithTheLocalIssuer_andAnIssuerOfYourOwnIsRefused() {
        var parameters = ApiAuthorization.parameters(RuntimeSettings.Authorizer.JWT, Map.of("ConsumerBatchSize", "5"));

        assertThat(parameters).containsEntry("JwtIssuer", "https://local-issuer.invalid")
                .containsEntry("JwtAudience", "tourists-local").containsEntry("ConsumerBatchSize", "5");
        assertThat(ApiAuthorization.parameters(RuntimeSettings.Authorizer.JWT, Map.of("JwtAudience", "mine")))
                .containsEntry("JwtAudience", "mine");
        assertThat(ApiAuthorization.parameters(RuntimeSettings.Authorizer.NONE, Map.of())).isEmpty();
        assertThatThrownBy(() -> ApiAuthorization.parameters(RuntimeSettings.Authorizer.JWT,
                Map.of("JwtIssuer", "https://cognito-idp.eu-west-1.amazonaws.com/pool"))).hasMessageContaining("its own tokens");
        assertThatThrownBy(() -> ApiAuthorization.parameters(RuntimeSettings.Authorizer.IAM,
                Map.of("JwtIssuer", "https://cognito-idp.eu-west-1.amazonaws.com/pool"))).hasMessageContaining("JwtIssuer");
    }

    @Test
    void shouldNameTheEnvironmentVariableOfEveryFlag_inTheHelp() {
        var help = new StringWriter();
        var commandLine = new CommandLine(new LocalPipeline(new PrintStream(PrintStream.nullOutputStream())));
        commandLine.setOut(new PrintWriter(help));
        commandLine.usage(new PrintWriter(help));

        var options = commandLine.getCommandSpec().options().stream()
                .filter(option -> !option.usageHelp()).toList();
        assertThat(options).allSatisfy(option ->
                assertThat(String.join(" ", option.description())).containsPattern("\\(env [A-Z_]+"));
        assertThat(help.toString()).contains("--param", "LOCAL_PARAMS", "AWS_ENDPOINT_URL_SQS", "DB_URL");
    }
}
