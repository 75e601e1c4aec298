package io.tourists.ops.internal;

import java.io.InputStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;

/**
 * Everything the CLI takes from the world it runs in: the terminal's streams, the environment variables and
 * where AWS credentials come from. {@link #system()} is the real one; tests build their own, so that a command
 * runs in-process with captured output, typed input and no dependence on the machine's variables.
 *
 * @param credentials the credentials for an optional profile name: the SDK's default chain, normally
 * @param terminal    whether stderr is a terminal, where progress can be redrawn in place
 */
public record CliContext(InputStream in, PrintWriter out, PrintWriter err, Map<String, String> environment,
                         Function<Optional<String>, AwsCredentialsProvider> credentials, Clock clock,
                         boolean terminal) {

    /** Set by bin/tourists, which knows whether stderr is a terminal ({@code [ -t 2 ]}); the JVM does not. */
    public static final String TERMINAL_PROPERTY = "tourists.stderr.terminal";

    public CliContext {
        environment = Map.copyOf(environment);
    }

    /** The process's own terminal, environment and the SDK's default credential chain. */
    public static CliContext system() {
        return new CliContext(System.in,
                new PrintWriter(System.out, true, StandardCharsets.UTF_8),
                new PrintWriter(System.err, true, StandardCharsets.UTF_8),
                System.getenv(),
                CliContext::defaultChain,
                Clock.systemUTC(),
                Boolean.getBoolean(TERMINAL_PROPERTY));
    }

    /** The SDK's default chain: environment, system properties, web identity, profile (SSO too), container, instance. */
    public static AwsCredentialsProvider defaultChain(Optional<String> profile) {
        var builder = DefaultCredentialsProvider.builder();
        profile.ifPresent(builder::profileName);
        return builder.build();
    }

    /** A variable's value, if set and not blank. */
    public Optional<String> variable(String name) {
        return Optional.ofNullable(environment.get(name)).filter(value -> !value.isBlank());
    }
}
