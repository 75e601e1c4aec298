package io.tourists.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import io.tourists.local.template.SamTemplate;
import java.io.File;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.jar.JarFile;
import java.util.zip.ZipEntry;
import org.apache.logging.log4j.core.config.plugins.processor.PluginCache;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The Lambda artifact as `package` left it: nothing local-only or test-only inside, every handler the
 * template names inside, log4j's plugin caches merged, and the functions start from it alone.
 */
class ArtifactIT {

    static final Path ARTIFACT = Path.of("target", "tourists-lambda.jar");

    /** Prefixes that must never reach Lambda: local runtime, operator CLI, tools and tests. */
    static final List<String> FORBIDDEN = List.of(
            "io/tourists/local/", "io/tourists/ops/", "io/tourists/db/Migrations",
            "org/elasticmq/", "org/apache/pekko/", "scala/", "io/zonky/", "org/flywaydb/", "org/yaml/snakeyaml/",
            "picocli/", "org/eclipse/jetty/", "org/junit/", "org/opentest4j/", "org/testcontainers/", "org/assertj/",
            "com/amazonaws/services/lambda/runtime/serialization/", "com/amazonaws/services/lambda/runtime/tests/",
            // The light url-connection HTTP client is the only one the functions use.
            "software/amazon/awssdk/http/apache/", "software/amazon/awssdk/http/apache5/",
            "software/amazon/awssdk/http/nio/netty/", "io/netty/");

    static List<String> entries;

    @BeforeAll
    static void readTheArtifact() throws IOException {
        assertThat(ARTIFACT).as("run `mvn package` first").isRegularFile();
        try (var jar = new JarFile(ARTIFACT.toFile())) {
            entries = jar.stream().map(ZipEntry::getName).toList();
        }
        System.out.printf("tourists-lambda.jar: %,d bytes (%.1f MiB), %,d entries%n",
                Files.size(ARTIFACT), Files.size(ARTIFACT) / 1024.0 / 1024.0, entries.size());
    }

    @Test
    void holdsNothingLocalOnlyOrTestOnly() {
        for (var prefix : FORBIDDEN) {
            assertThat(entries).as("entries starting with %s", prefix).noneMatch(name -> name.startsWith(prefix));
        }
    }

    @Test
    void holdsEveryHandlerTheTemplateNames() {
        var template = SamTemplate.read(Path.of("template.yaml"));
        var handlers = template.resources().keySet().stream()
                .filter(id -> "AWS::Serverless::Function".equals(SamTemplate.map(template.resources(), id).get("Type")))
                .map(id -> String.valueOf(template.properties(id).get("Handler")))
                .toList();

        assertThat(handlers).hasSize(4);
        for (var handler : handlers) {
            assertThat(entries).contains(handler.substring(0, handler.indexOf("::")).replace('.', '/') + ".class");
        }
    }

    @Test
    void fitsLambdasDirectUploadLimit() throws IOException {
        assertThat(Files.size(ARTIFACT)).as("Lambda takes zip/jar uploads up to 50 MB").isLessThan(50L * 1024 * 1024);
    }

    @Test
    void staysWithinTheTrimmedSize() throws IOException {
        // 15.5 MB before the shade filters of issue #6 (unused event classes, checker-qual, driver translations,
        // Maven and GraalVM metadata); 14.4 MB after. A new dependency that grows it past this should be a choice.
        // 14.5 MB after the batch endpoint and the honest 503 (about 40 KB of the project's own classes).
        assertThat(Files.size(ARTIFACT)).as("artifact bytes").isLessThan(14_600_000L);
    }

    @Test
    void keepsOnlyTheLambdaEventClassesTheFunctionsTake() {
        assertThat(entries).filteredOn(name -> name.startsWith("com/amazonaws/services/lambda/runtime/events/") && name.endsWith(".class"))
                .allMatch(name -> name.matches(
                        "com/amazonaws/services/lambda/runtime/events/(SQSEvent|SQSBatchResponse|APIGatewayV2HTTPEvent|APIGatewayV2HTTPResponse)[$.].*"));
    }

    @Test
    void mergesTheLog4jPluginCachesOfLog4jTheJsonLayoutAndPowertools() throws IOException {
        var cacheFile = "META-INF/org/apache/logging/log4j/core/config/plugins/Log4j2Plugins.dat";
        assertThat(entries).containsOnlyOnce(cacheFile);
        var cache = new PluginCache();
        cache.loadCacheFiles(Collections.enumeration(List.of(
                URI.create("jar:" + ARTIFACT.toAbsolutePath().toUri() + "!/" + cacheFile).toURL())));

        assertThat(cache.getCategory("core")).containsKeys("console", "jsontemplatelayout", "bufferingappender");
        assertThat(cache.getCategory("jsontemplateresolverfactory")).containsKey("powertoolsresolverfactory");
    }

    @Test
    void keepsEveryAwsSdkInterceptorThatPowertoolsRegisters() throws IOException {
        try (var jar = new JarFile(ARTIFACT.toFile())) {
            var interceptors = new String(jar.getInputStream(
                    jar.getEntry("software/amazon/awssdk/global/handlers/execution.interceptors")).readAllBytes(),
                    StandardCharsets.UTF_8);
            assertThat(interceptors).contains(
                    "software.amazon.lambda.powertools.logging.log4j.internal.Log4jUserAgentInterceptor",
                    "software.amazon.lambda.powertools.metrics.internal.MetricsUserAgentInterceptor");
        }
    }

    @Test
    void startsTheFunctionsFromTheArtifactAlone(@TempDir Path probeDir) throws Exception {
        copyProbeClasses(probeDir);
        var javaCommand = ProcessHandle.current().info().command().orElse("java");
        var process = new ProcessBuilder(javaCommand, "-cp", ARTIFACT.toAbsolutePath() + File.pathSeparator + probeDir,
                ArtifactProbe.class.getName())
                .redirectErrorStream(true);
        var env = process.environment();
        env.clear();
        env.putAll(Map.of(
                "AWS_REGION", "eu-west-1",
                "AWS_LAMBDA_FUNCTION_NAME", "tourists-probe",
                "AWS_EMF_ENVIRONMENT", "Lambda",
                "AWS_EC2_METADATA_DISABLED", "true",
                "POWERTOOLS_METRICS_NAMESPACE", "TouristPipelineProbe",
                "POWERTOOLS_SERVICE_NAME", "tourists",
                "WRITE_QUEUE_URL", "http://127.0.0.1:9/000000000000/tourist-writes",
                "DEAD_LETTER_QUEUE_URL", "http://127.0.0.1:9/000000000000/tourist-writes-dlq",
                // Nothing connects: the pool opens no connection at init, and no request here needs one.
                "DB_URL", "jdbc:postgresql://127.0.0.1:9/tourists",
                "DB_SECRET_ARN", "arn:aws:secretsmanager:eu-west-1:123456789012:secret:tourists-db"));
        // Read at the first request with an Idempotency-Key, which the probe does not send.
        env.put("ID_KEY_SECRET_ARN", "arn:aws:secretsmanager:eu-west-1:123456789012:secret:tourists-id-key");

        var running = process.start();
        var output = new String(running.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(running.waitFor(60, TimeUnit.SECONDS)).isTrue();

        assertThat(running.exitValue()).as(output).isZero();
        assertThat(output).contains("PROBE api status 415", "PROBE read status 500");
        assertThat(output.lines()).as("an EMF document from the API").anyMatch(line ->
                line.contains("\"_aws\"") && line.contains("TouristPipelineProbe") && line.contains("\"WritesRejected\":1"));
        assertThat(output.lines()).as("a JSON log line through log4j's JSON template layout").anyMatch(line ->
                line.startsWith("{") && line.contains("\"level\":\"ERROR\"") && line.contains("reached the READ function"));
    }

    private static void copyProbeClasses(Path probeDir) throws IOException {
        var packageDir = ArtifactProbe.class.getPackageName().replace('.', '/');
        var compiled = Path.of("target", "test-classes", packageDir);
        var target = Files.createDirectories(probeDir.resolve(packageDir));
        try (var classes = Files.list(compiled)) {
            for (var file : classes.filter(f -> f.getFileName().toString().startsWith("ArtifactProbe")).toList()) {
                Files.copy(file, target.resolve(file.getFileName()));
            }
        }
    }
}
