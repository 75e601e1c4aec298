package io.tourists.testing;

import io.tourists.local.LocalPipeline;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Predicate;

/**
 * The local pipeline in a JVM of its own, started as a user starts it ({@link LocalPipeline}'s main with the
 * given flags), its output in a file under target/.
 */
public final class PipelineProcess {

    /** Flags win over these, but a developer's shell must not point the test elsewhere. */
    private static final List<String> LEFT_OUT = List.of("AWS_ENDPOINT_URL_SQS", "WRITE_QUEUE_URL",
            "DEAD_LETTER_QUEUE_URL", "DB_URL", "LOCAL_PARAMS", "LOCAL_TEMPLATE", "LOCAL_AUTHORIZER", "LOCAL_DATA_DIR",
            "LOCAL_DASHBOARD_PORT");

    private final Process process;
    private final Path outputFile;

    private PipelineProcess(Process process, Path outputFile) {
        this.process = process;
        this.outputFile = outputFile;
    }

    /**
     * Starts {@code LocalPipeline} with {@code flags}; its output goes to target/{@code logPrefix}*.log. Its
     * dashboard takes a free port unless the flags say otherwise: tests run side by side.
     */
    public static PipelineProcess start(String logPrefix, List<String> flags) throws IOException {
        var command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", testClassPath(), LocalPipeline.class.getName()));
        if (!flags.contains("--dashboard-port")) {
            command.addAll(List.of("--dashboard-port", "0"));
        }
        command.addAll(flags);
        // To a file rather than a pipe: the JDK closes a child's pipe as the child exits, and the last lines
        // (what the shutdown hook prints) would be lost.
        var outputFile = Files.createTempFile(Path.of("target"), logPrefix, ".log");
        var builder = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(outputFile.toFile());
        LEFT_OUT.forEach(builder.environment()::remove);
        return new PipelineProcess(builder.start(), outputFile);
    }

    public Process process() {
        return process;
    }

    /** Every line it has printed so far. */
    public List<String> output() {
        try {
            return Files.readAllLines(outputFile, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The first line it printed that is {@code wanted}, waiting up to {@code bound}; fails if it exits first. */
    public String awaitLine(Predicate<String> wanted, Duration bound) {
        long deadline = System.nanoTime() + bound.toNanos();
        while (System.nanoTime() < deadline) {
            Optional<String> line = output().stream().filter(wanted).findFirst();
            if (line.isPresent()) {
                return line.get();
            }
            if (!process.isAlive()) {
                throw new AssertionError("the pipeline exited:\n" + String.join("\n", output()));
            }
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError(e);
            }
        }
        throw new AssertionError("no such line within " + bound + ":\n" + String.join("\n", output()));
    }

    /** Failsafe runs tests from a manifest-only jar; the real class path is in this property. */
    private static String testClassPath() {
        return Optional.ofNullable(System.getProperty("surefire.test.class.path"))
                .orElse(System.getProperty("java.class.path"));
    }
}
