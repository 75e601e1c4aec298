package io.tourists.testing.lambda;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.jar.JarFile;
import java.util.stream.Stream;

/**
 * Starts a function's JVM the way Lambda's managed Java runtime does, as far as that can be done off AWS: the
 * runtime interface client (aws-lambda-java-runtime-interface-client) on the classpath with its own jars, the
 * function's code unzipped into the task root (the working directory, which the client's class loader reads),
 * the runtime's JVM flags (heap at 85% of MemorySize, serial GC, CDS, C1 only), Lambda's reserved environment
 * variables and the template's, with JAVA_TOOL_OPTIONS among them. What is not reproduced: Firecracker's CPU
 * share, Lambda's own CDS archive of the runtime classes, and the Log4Shell hot-patch agent of java8-21.
 * The flags are those the java17 to java25 runtimes pass, as their process lists show.
 */
public final class LambdaJvm {

    static final String RUNTIME_MAIN = "com.amazonaws.services.lambda.runtime.api.client.AWSLambda";
    public static final String REGION = "eu-west-1";
    public static final String ACCOUNT = "123456789012";
    private static final Duration START_LIMIT = Duration.ofSeconds(60);

    private final Path runtimeLib;
    private final Path jni;
    private final Path work;
    private final boolean markEvent;

    /** @param runtimeLib the runtime's jars (target/lambda-runtime, copied there by `mvn package`) */
    public LambdaJvm(Path runtimeLib, Path work) throws IOException {
        this(runtimeLib, work, false);
    }

    /** @param markEvent see {@link RuntimeApi#RuntimeApi(String, String, boolean)} */
    public LambdaJvm(Path runtimeLib, Path work, boolean markEvent) throws IOException {
        this.markEvent = markEvent;
        this.runtimeLib = runtimeLib.toAbsolutePath();
        this.work = Files.createDirectories(work.toAbsolutePath());
        this.jni = unpackJni();
    }

    /** What one fresh execution environment showed. Times in ms, memory in MB. */
    public record ColdStart(double initMs, double firstInvokeMs, double rssMb, RuntimeApi.Answer answer, Path log,
                            Instant startedAt, boolean restored) {

        /** When the init phase ended, on the wall clock (for splitting a profile). */
        public Instant initEnd() {
            return startedAt.plusNanos((long) (initMs * 1e6));
        }
    }

    /** An empty task root, for a function whose code is on the classpath instead. */
    public Path emptyTaskRoot() throws IOException {
        return Files.createDirectories(work.resolve("task-empty"));
    }

    public Path work() {
        return work;
    }

    /** Unzips a function's code as Lambda does into its task root, once per artifact. */
    public Path taskRoot(Path code) throws IOException {
        var root = work.resolve("task-" + code.getFileName() + "-" + Integer.toHexString(code.toAbsolutePath().hashCode()));
        if (Files.isDirectory(root)) {
            return root;
        }
        var partial = Files.createDirectories(work.resolve(root.getFileName() + ".partial"));
        try (var jar = new JarFile(code.toFile())) {
            for (var entry : (Iterable<java.util.jar.JarEntry>) jar.stream()::iterator) {
                var target = partial.resolve(entry.getName()).normalize();
                if (!target.startsWith(partial)) {
                    throw new IOException("entry outside the task root: " + entry.getName());
                }
                if (entry.isDirectory()) {
                    Files.createDirectories(target);
                } else {
                    Files.createDirectories(target.getParent());
                    try (var in = jar.getInputStream(entry)) {
                        Files.copy(in, target, StandardCopyOption.REPLACE_EXISTING);
                    }
                }
            }
        }
        Files.move(partial, root);
        return root;
    }

    /**
     * One cold start: a fresh JVM, its init until it asks for an event, one event, then its memory at rest.
     *
     * @param extraFlags flags for the command line, after the runtime's (a profile's logging, say)
     */
    public ColdStart start(Deployment.Function function, Path taskRoot, String event, Map<String, String> localEnvironment,
                    List<String> extraFlags, String runName) throws Exception {
        return start(function, taskRoot, List.of(), event, localEnvironment, extraFlags, runName);
    }

    /**
     * The same, with jars on the JVM's own classpath: a container image whose entry point runs the client
     * with the function's jar on {@code -cp}, as AWS documents for images not built on its base images.
     * Classes then come from the application class loader, which an AOT cache can hold; on the managed
     * runtime they come from the client's own class loader over the task root, which it cannot.
     */
    public ColdStart start(Deployment.Function function, Path taskRoot, List<Path> classpath, String event,
                           Map<String, String> localEnvironment, List<String> extraFlags, String runName) throws Exception {
        var functionArn = "arn:aws:lambda:" + REGION + ":" + ACCOUNT + ":function:" + function.logicalId();
        var log = work.resolve(runName + ".log");
        try (var api = new RuntimeApi(event, functionArn, markEvent)) {
            var builder = new ProcessBuilder(command(function, classpath, extraFlags))
                    .directory(taskRoot.toFile())
                    .redirectErrorStream(true)
                    .redirectOutput(log.toFile());
            builder.environment().clear();
            builder.environment().putAll(environment(function, taskRoot, api.address(), localEnvironment));
            var startedAt = Instant.now();
            long started = System.nanoTime();
            var process = builder.start();
            try {
                long initDone = api.awaitInit(START_LIMIT, process.toHandle());
                var answer = api.awaitAnswer(START_LIMIT, process.toHandle());
                if (!answer.error()) {
                    api.awaitIdle(START_LIMIT, process.toHandle());
                }
                double rss = rssMb(process.pid());
                return new ColdStart((initDone - started) / 1e6, (answer.at() - api.eventSentAt()) / 1e6, rss, answer,
                        log, startedAt, api.restoreWasAsked());
            } catch (Exception e) {
                throw new IllegalStateException(function.logicalId() + " did not start under the runtime interface"
                        + " client; its output:\n" + tail(log), e);
            } finally {
                // SIGTERM: the JVM runs its shutdown hooks, so a JFR recording is written out.
                process.destroy();
                if (!process.waitFor(20, java.util.concurrent.TimeUnit.SECONDS)) {
                    process.destroyForcibly().waitFor();
                }
            }
        }
    }

    public List<String> command(Deployment.Function function, List<Path> classpath, List<String> extraFlags)
            throws IOException {
        var command = new ArrayList<String>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        // The heap Lambda gives: 85% of MemorySize (-XX:MaxHeapSize=445645k at 512 MB).
        command.add("-XX:MaxHeapSize=" + function.memoryMb() * 1024L * 85 / 100 + "k");
        // Not a flag of Lambda's: the microVM has MemorySize of RAM, and the JVM sizes its initial heap and
        // its other defaults from that, not from this machine's memory.
        command.add("-XX:MaxRAM=" + function.memoryMb() + "m");
        command.add("-XX:+UseSerialGC");
        if (extraFlags.stream().noneMatch(flag -> flag.startsWith("-XX:AOTCache"))) {
            // The JDK's own CDS archive (an AOT cache takes its place; the JVM refuses both).
            command.add("-Xshare:auto");
        }
        // java17 and java21 always stop at C1; java25 does too, except with SnapStart or provisioned
        // concurrency, where the JVM's own tiered compilation runs outside the invoke path. A cold start
        // here is the on-demand case.
        command.add("-XX:+TieredCompilation");
        command.add("-XX:TieredStopAtLevel=1");
        command.add("--add-opens=java.base/java.io=ALL-UNNAMED");
        command.add("-Dorg.crac.Core.Compat=com.amazonaws.services.lambda.crac");
        command.add("-XX:+ErrorFileToStderr");
        if (Runtime.version().feature() >= 22) {
            // java25's runtime lets the client load its JNI library without the JDK's warning.
            command.add("--enable-native-access=ALL-UNNAMED");
        }
        command.add("-Dcom.amazonaws.services.lambda.runtime.api.client.runtimeapi.NativeClient.JNI=" + jni);
        command.addAll(extraFlags);
        command.add("-classpath");
        var jars = new ArrayList<>(runtimeJars());
        classpath.forEach(jar -> jars.add(jar.toAbsolutePath().toString()));
        command.add(String.join(":", jars));
        command.add(RUNTIME_MAIN);
        command.add(function.handler());
        return command;
    }

    private Map<String, String> environment(Deployment.Function function, Path taskRoot, String runtimeApi,
                                            Map<String, String> local) {
        var env = new LinkedHashMap<String, String>();
        // Lambda's reserved variables: https://docs.aws.amazon.com/lambda/latest/dg/configuration-envvars.html
        env.put("PATH", "/usr/local/bin:/usr/bin:/bin");
        env.put("LANG", "en_US.UTF-8");
        env.put("TZ", ":UTC");
        env.put("_HANDLER", function.handler());
        env.put("AWS_REGION", REGION);
        env.put("AWS_DEFAULT_REGION", REGION);
        env.put("AWS_EXECUTION_ENV", "AWS_Lambda_" + function.runtime());
        env.put("AWS_LAMBDA_FUNCTION_NAME", function.logicalId());
        env.put("AWS_LAMBDA_FUNCTION_MEMORY_SIZE", Integer.toString(function.memoryMb()));
        env.put("AWS_LAMBDA_FUNCTION_VERSION", "$LATEST");
        env.put("AWS_LAMBDA_INITIALIZATION_TYPE", "on-demand");
        env.put("AWS_LAMBDA_LOG_GROUP_NAME", "/aws/lambda/" + function.logicalId());
        env.put("AWS_LAMBDA_LOG_STREAM_NAME", "2026/11/29/[$LATEST]coldstart");
        env.put("AWS_LAMBDA_RUNTIME_API", runtimeApi);
        env.put("AWS_ACCESS_KEY_ID", "ASIAEXAMPLEEXAMPLE01");
        env.put("AWS_SECRET_ACCESS_KEY", "local");
        env.put("AWS_SESSION_TOKEN", "local");
        env.put("LAMBDA_TASK_ROOT", taskRoot.toString());
        env.put("LAMBDA_RUNTIME_DIR", runtimeLib.toString());
        env.putAll(function.environment());
        env.putAll(local);
        return env;
    }

    private List<String> runtimeJars() throws IOException {
        try (Stream<Path> files = Files.list(runtimeLib)) {
            var jars = files.filter(f -> f.toString().endsWith(".jar")).map(Path::toString).sorted().toList();
            if (jars.stream().noneMatch(j -> j.contains("aws-lambda-java-runtime-interface-client"))) {
                throw new IllegalStateException(runtimeLib + " holds no runtime interface client: run `mvn package`");
            }
            return jars;
        }
    }

    /** The client's JNI library, unpacked once, as Lambda ships it beside the runtime. */
    private Path unpackJni() throws IOException {
        var arch = System.getProperty("os.arch").equals("aarch64") ? "aarch_64" : "x86_64";
        var name = "libaws-lambda-jni.linux-" + arch + ".so";
        var target = work.resolve(name);
        if (Files.exists(target)) {
            return target;
        }
        var client = runtimeJars().stream().filter(j -> j.contains("runtime-interface-client")).findFirst().orElseThrow();
        try (var jar = new JarFile(client)) {
            try (var in = jar.getInputStream(jar.getEntry("jni/" + name))) {
                Files.copy(in, target);
            }
        }
        return target;
    }

    static double rssMb(long pid) throws IOException {
        return Files.readAllLines(Path.of("/proc", Long.toString(pid), "status")).stream()
                .filter(line -> line.startsWith("VmRSS:"))
                .mapToLong(line -> Long.parseLong(line.replaceAll("[^0-9]", "")))
                .findFirst().orElseThrow() / 1024.0;
    }

    private static String tail(Path log) {
        try {
            var lines = Files.readAllLines(log);
            return String.join("\n", lines.subList(Math.max(0, lines.size() - 40), lines.size()));
        } catch (IOException e) {
            return "(no output: " + e.getMessage() + ")";
        }
    }
}
