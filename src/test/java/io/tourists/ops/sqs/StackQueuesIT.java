package io.tourists.ops.sqs;

import static org.assertj.core.api.Assertions.assertThat;

import io.tourists.local.sqs.EmbeddedSqs;
import io.tourists.ops.Cli;
import io.tourists.testing.Infrastructure;
import io.tourists.testing.TestQueues;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code --stack NAME}: the operator CLI finds the queues CloudFormation named from the stack's outputs, read with
 * the AWS CLI, here a script that answers describe-stacks as the AWS CLI does (its arguments are checked too).
 */
class StackQueuesIT {

    static EmbeddedSqs elasticMq;
    static TestQueues queues;

    @BeforeAll
    static void start() {
        elasticMq = EmbeddedSqs.start(0);
        // Names as CloudFormation makes them up: nothing the CLI could guess.
        queues = TestQueues.create(Infrastructure.sqsClient(elasticMq.endpoint()), "tourists-WriteQueue-Xy12Ab34",
                Duration.ofSeconds(30), 5, false);
    }

    @AfterAll
    static void stop() {
        elasticMq.close();
    }

    @Test
    void theQueuesComeFromTheStacksOutputs(@TempDir Path dir) throws IOException {
        var describeStacks = """
                {"Stacks": [{"StackName": "tourists", "Outputs": [
                  {"OutputKey": "ApiUrl", "OutputValue": "https://a1b2c3.execute-api.eu-west-1.amazonaws.com"},
                  {"OutputKey": "WriteQueueUrl", "OutputValue": "%s"},
                  {"OutputKey": "DeadLetterQueueUrl", "OutputValue": "%s"}]}]}
                """.formatted(queues.url(), queues.deadLetterUrl());
        var aws = fakeAwsCli(dir, "cloudformation describe-stacks --stack-name tourists --output json --region us-east-1",
                describeStacks);

        var stats = cli(aws).run("dlq", "stats", "--stack", "tourists");

        assertThat(stats.exitCode()).as(stats.err()).isZero();
        assertThat(stats.out()).contains(queues.deadLetterName());
    }

    @Test
    void aStackTheAwsCliCannotDescribe_isOneLineWithItsReason(@TempDir Path dir) throws IOException {
        var aws = fakeAwsCli(dir, "never", "");

        var stats = cli(aws).run("dlq", "stats", "--stack", "nope");

        assertThat(stats.exitCode()).isEqualTo(2);
        assertThat(stats.errLines()).singleElement().asString()
                .isEqualTo("error: the AWS CLI could not describe stack nope: An error occurred (ValidationError): "
                        + "Stack with id nope does not exist");
    }

    @Test
    void aStackWithoutTheOutputs_saysWhichOutputItLacks(@TempDir Path dir) throws IOException {
        var aws = fakeAwsCli(dir, "cloudformation describe-stacks --stack-name other --output json --region us-east-1",
                "{\"Stacks\": [{\"StackName\": \"other\", \"Outputs\": []}]}");

        var stats = cli(aws).run("dlq", "stats", "--stack", "other");

        assertThat(stats.exitCode()).isEqualTo(2);
        assertThat(stats.err()).startsWith("error: stack other has no output WriteQueueUrl");
    }

    private static Cli cli(Path aws) {
        return new Cli(Map.of("AWS_REGION", "us-east-1", "AWS_ENDPOINT_URL_SQS", elasticMq.endpoint().toString(),
                StackOutputs.CLI_VARIABLE, aws.toString()));
    }

    /** Prints the answer when called with exactly these arguments; otherwise fails as the AWS CLI does. */
    private static Path fakeAwsCli(Path dir, String expectedArguments, String answer) throws IOException {
        var answerFile = Files.writeString(dir.resolve("answer.json"), answer);
        var script = dir.resolve("aws");
        Files.writeString(script, """
                #!/usr/bin/env bash
                if [[ "$*" == "%s" ]]; then cat '%s'; exit 0; fi
                echo "" >&2
                echo "An error occurred (ValidationError): Stack with id ${4:-?} does not exist" >&2
                exit 254
                """.formatted(expectedArguments, answerFile));
        Files.setPosixFilePermissions(script, PosixFilePermissions.fromString("rwx------"));
        return script;
    }
}
