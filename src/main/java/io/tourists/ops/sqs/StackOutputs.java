package io.tourists.ops.sqs;

import com.fasterxml.jackson.core.JsonProcessingException;
import io.tourists.json.Json;
import io.tourists.ops.internal.OperatorException;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * A deployed stack's outputs (template.yaml: WriteQueueUrl, DeadLetterQueueUrl...), read with the AWS CLI's
 * {@code aws cloudformation describe-stacks}: CloudFormation names the queues, so {@code --stack NAME} finds them
 * where {@code --queue} would need the generated names. The AWS CLI rather than the SDK's CloudFormation client:
 * that module is not among this build's dependencies, and an operator who deploys with SAM has the CLI.
 * {@code TOURISTS_AWS_CLI} names another executable (tests).
 */
final class StackOutputs {

    static final String CLI_VARIABLE = "TOURISTS_AWS_CLI";

    private StackOutputs() {
    }

    /**
     * @param cli    the AWS CLI executable
     * @param region  the region to ask, when the session knows it
     * @param profile the AWS profile the session uses, if one
     */
    static Map<String, String> read(String cli, String stack, Optional<String> region, Optional<String> profile) {
        var command = new ArrayList<>(List.of(cli, "cloudformation", "describe-stacks", "--stack-name", stack,
                "--output", "json"));
        region.ifPresent(id -> command.addAll(List.of("--region", id)));
        profile.ifPresent(name -> command.addAll(List.of("--profile", name)));
        String out;
        String err;
        int exit;
        try {
            var process = new ProcessBuilder(command).start();
            process.getOutputStream().close();
            // Both pipes at once: a full stderr pipe would otherwise stall the CLI while stdout is read.
            var stderr = CompletableFuture.supplyAsync(() -> readAll(process.getErrorStream()));
            out = readAll(process.getInputStream());
            err = stderr.join().strip();
            if (!process.waitFor(60, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw OperatorException.environment("the AWS CLI did not answer within 60 s describing stack " + stack, null);
            }
            exit = process.exitValue();
        } catch (IOException e) {
            throw OperatorException.environment("cannot run the AWS CLI (" + cli + ") to read stack " + stack
                    + "'s outputs; install it, or name the queues with --queue/--dlq (the stack's outputs list them)", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw OperatorException.environment("interrupted while reading stack " + stack, e);
        }
        if (exit != 0) {
            throw OperatorException.environment("the AWS CLI could not describe stack " + stack + ": "
                    + (err.isEmpty() ? "exit code " + exit : err.lines().reduce((a, b) -> b).orElse(err)), null);
        }
        return outputs(stack, out);
    }

    private static String readAll(InputStream stream) {
        try (stream) {
            return new String(stream.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** OutputKey -> OutputValue of the first stack in describe-stacks' JSON. */
    static Map<String, String> outputs(String stack, String describeStacksJson) {
        try {
            var outputs = new LinkedHashMap<String, String>();
            Json.readTree(describeStacksJson).path("Stacks").path(0).path("Outputs")
                    .forEach(output -> outputs.put(output.path("OutputKey").asText(), output.path("OutputValue").asText()));
            return outputs;
        } catch (JsonProcessingException e) {
            throw OperatorException.environment("the AWS CLI's answer for stack " + stack + " is not JSON", e);
        }
    }

    /** The output, or an error naming the stack and the output it lacks. */
    static String required(Map<String, String> outputs, String stack, String key) {
        var value = outputs.get(key);
        if (value == null || value.isBlank()) {
            throw OperatorException.environment("stack " + stack + " has no output " + key
                    + " (a stack deployed from this project's template.yaml has)", null);
        }
        return value;
    }
}
