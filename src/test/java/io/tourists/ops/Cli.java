package io.tourists.ops;

import io.tourists.ops.internal.CliContext;
import java.io.ByteArrayInputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;

/** Runs the CLI in this JVM, as an operator would from a shell: arguments, typed input, output read back. */
public final class Cli {

    /** What a local stack accepts: any key. */
    public static final AwsCredentialsProvider LOCAL_CREDENTIALS =
            StaticCredentialsProvider.create(AwsBasicCredentials.create("local", "local"));

    private final Map<String, String> environment;
    private final Function<Optional<String>, AwsCredentialsProvider> credentials;

    public Cli(Map<String, String> environment) {
        this(environment, profile -> LOCAL_CREDENTIALS);
    }

    public Cli(Map<String, String> environment, Function<Optional<String>, AwsCredentialsProvider> credentials) {
        this.environment = Map.copyOf(environment);
        this.credentials = credentials;
    }

    public record Run(int exitCode, String out, String err) {
        public List<String> outLines() {
            return out.lines().toList();
        }

        public List<String> errLines() {
            return err.lines().toList();
        }
    }

    public Run run(String... args) {
        return runWithInput("", args);
    }

    public Run runWithInput(String stdin, String... args) {
        var out = new StringWriter();
        var err = new StringWriter();
        var context = new CliContext(new ByteArrayInputStream(stdin.getBytes(StandardCharsets.UTF_8)),
                new PrintWriter(out, true), new PrintWriter(err, true), environment, credentials, Clock.systemUTC(),
                false);
        int exitCode = TouristsCli.run(context, args);
        return new Run(exitCode, out.toString(), err.toString());
    }
}
