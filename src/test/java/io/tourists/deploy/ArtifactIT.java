package io.tourists.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import io.tourists.testing.lambda.Deployment;
import io.tourists.testing.lambda.LambdaLauncher;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.jar.JarFile;
import java.util.zip.ZipEntry;
import org.apache.logging.log4j.core.config.plugins.processor.PluginCache;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Each function's Lambda artifact (its CodeUri in template.yaml) as `package` left it: its own, nothing
 * local-only or test-only inside, nothing of the other functions' that it never loads, its handler and every
 * project class the handler reaches, log4j's plugin caches merged; and each function starts from its artifact
 * alone under AWS's runtime interface client, runs its SnapStart hooks, and serves an AWS event for real.
 */
class ArtifactIT {

    /** Prefixes that must never reach Lambda: local runtime, operator CLI, tools and tests. */
    static final List<String> FORBIDDEN = List.of(
            "io/tourists/local/", "io/tourists/ops/", "io/tourists/db/Migrations", "db/migration/",
            "org/elasticmq/", "org/apache/pekko/", "scala/", "io/zonky/", "org/flywaydb/", "org/yaml/snakeyaml/",
            "picocli/", "org/junit/", "org/opentest4j/", "org/testcontainers/", "org/assertj/",
            "com/amazonaws/services/lambda/runtime/serialization/", "com/amazonaws/services/lambda/runtime/tests/",
            "com/amazonaws/services/lambda/runtime/api/client/",
            // The light url-connection HTTP client is the only one the functions use.
            "software/amazon/awssdk/http/apache/", "software/amazon/awssdk/http/apache5/",
            "software/amazon/awssdk/http/nio/netty/", "io/netty/", "software/amazon/awssdk/crt/",
            // Loaded by nothing the functions run (pom.xml says why); a log field that would need them fails here.
            "io/burt/", "com/fasterxml/jackson/datatype/joda/", "software/amazon/lambda/powertools/utilities/",
            "org/joda/time/tz/data/",
            // Powertools metrics and its EMF library: lambda/InvocationMetrics writes the EMF document itself.
            "software/amazon/lambda/powertools/metrics/", "software/amazon/cloudwatchlogs/", "org/apache/commons/lang3/");

    /** What each function leaves to the others: it never loads these. */
    static final Map<String, List<String>> NOT_ITS_OWN = Map.of(
            "ApiFunction", List.of("org/joda/", "io/tourists/db/", "io/tourists/consumer/", "io/tourists/read/",
                    "io/tourists/prune/", "org/postgresql/", "com/zaxxer/hikari/"),
            "ConsumerFunction", List.of("io/tourists/api/", "io/tourists/read/", "io/tourists/prune/",
                    "io/tourists/http/"),
            "ReadFunction", List.of("org/joda/", "io/tourists/api/", "io/tourists/consumer/", "io/tourists/prune/",
                    "io/tourists/queue/", "software/amazon/awssdk/services/sqs/"),
            "PruneFunction", List.of("org/joda/", "io/tourists/api/", "io/tourists/consumer/", "io/tourists/read/",
                    "io/tourists/http/", "io/tourists/queue/", "software/amazon/awssdk/services/sqs/"));

    /**
     * Bytes, as measured when each artifact was split off (issue #11): 11.41, 13.29 and 11.54 MB. A new
     * dependency that grows one past its bound should be a choice, made here.
     */
    static final Map<String, Long> SIZE_BOUND = Map.of(
            "ApiFunction", 10_100_000L, "ConsumerFunction", 11_700_000L, "ReadFunction", 10_400_000L,
            "PruneFunction", 10_400_000L);

    static LambdaLauncher launcher;
    static Map<String, Deployment.Function> functions;

    @BeforeAll
    static void readTheTemplate() throws IOException {
        launcher = LambdaLauncher.start(Path.of("target", "artifact-it"));
        functions = new LinkedHashMap<>();
        launcher.deployment("this checkout", Path.of(".")).functions()
                .forEach(function -> functions.put(function.logicalId(), function));
        functions.values().forEach(function -> System.out.printf("%s: %s, %,d bytes (%.1f MiB)%n", function.logicalId(),
                function.code().getFileName(), function.codeBytes(), function.codeBytes() / 1024.0 / 1024.0));
    }

    @AfterAll
    static void stop() {
        launcher.close();
    }

    @Test
    void everyFunctionHasAnArtifactOfItsOwn() {
        assertThat(functions).containsOnlyKeys("ApiFunction", "ConsumerFunction", "ReadFunction", "PruneFunction");
        assertThat(functions.values()).extracting(Deployment.Function::code).doesNotHaveDuplicates()
                .allSatisfy(code -> assertThat(code).as("run `mvn package` first").isRegularFile());
    }

    @ParameterizedTest
    @ValueSource(strings = {"ApiFunction", "ConsumerFunction", "ReadFunction", "PruneFunction"})
    void holdsNothingLocalOnlyOrTestOnly_norWhatOnlyTheOtherFunctionsUse(String function) throws IOException {
        var entries = entries(function);
        for (var prefix : FORBIDDEN) {
            assertThat(entries).as("entries starting with %s", prefix).noneMatch(name -> name.startsWith(prefix));
        }
        for (var prefix : NOT_ITS_OWN.get(function)) {
            assertThat(entries).as("%s's entries starting with %s", function, prefix).noneMatch(name -> name.startsWith(prefix));
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"ApiFunction", "ConsumerFunction", "ReadFunction", "PruneFunction"})
    void holdsItsHandlerAndEveryProjectClassTheHandlerReaches(String function) throws IOException {
        var handler = functions.get(function).handler();
        var handlerClass = handler.substring(0, handler.indexOf("::")).replace('.', '/');
        var classes = new LinkedHashMap<String, byte[]>();
        try (var jar = new JarFile(functions.get(function).code().toFile())) {
            for (var entry : Collections.list(jar.entries())) {
                if (entry.getName().startsWith("io/tourists/") && entry.getName().endsWith(".class")) {
                    classes.put(entry.getName(), jar.getInputStream(entry).readAllBytes());
                }
            }
        }
        assertThat(classes).containsKey(handlerClass + ".class");
        assertThat(ClassReferences.missingFrom(classes, handlerClass)).as("classes %s reaches", handlerClass).isEmpty();
        // Powertools hands a log field it cannot write itself to an ObjectMapper of its own, which needs
        // joda-time and JMESPath: left out of the artifacts, so every field goes through config/LogFields.
        for (var entry : classes.entrySet()) {
            if (!entry.getKey().startsWith("io/tourists/config/LogFields")) {
                assertThat(ClassReferences.mentions(entry.getValue(),
                        "software/amazon/lambda/powertools/logging/argument/StructuredArguments"))
                        .as("%s calls Powertools' StructuredArguments instead of LogFields", entry.getKey()).isFalse();
            }
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"ApiFunction", "ConsumerFunction", "ReadFunction", "PruneFunction"})
    void staysWithinItsSize_andLambdasDirectUploadLimit(String function) {
        var bytes = functions.get(function).codeBytes();
        assertThat(bytes).as("Lambda takes zip/jar uploads up to 50 MB").isLessThan(50L * 1024 * 1024);
        assertThat(bytes).as("%s's artifact bytes", function).isLessThan(SIZE_BOUND.get(function));
    }

    @ParameterizedTest
    @ValueSource(strings = {"ApiFunction", "ConsumerFunction", "ReadFunction", "PruneFunction"})
    void keepsOnlyTheLambdaEventClassesTheFunctionsTake(String function) throws IOException {
        assertThat(entries(function)).filteredOn(name -> name.startsWith("com/amazonaws/services/lambda/runtime/events/")
                        && name.endsWith(".class"))
                .allMatch(name -> name.matches("com/amazonaws/services/lambda/runtime/events/"
                        + "(SQSEvent|SQSBatchResponse|APIGatewayV2HTTPEvent|APIGatewayV2HTTPResponse)[$.].*"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"ApiFunction", "ConsumerFunction", "ReadFunction", "PruneFunction"})
    void mergesTheLog4jPluginCaches_andKeepsPowertoolsSdkInterceptors(String function) throws IOException {
        var artifact = functions.get(function).code();
        var cacheFile = "META-INF/org/apache/logging/log4j/core/config/plugins/Log4j2Plugins.dat";
        assertThat(entries(function)).containsOnlyOnce(cacheFile);
        var cache = new PluginCache();
        cache.loadCacheFiles(Collections.enumeration(List.of(
                URI.create("jar:" + artifact.toAbsolutePath().toUri() + "!/" + cacheFile).toURL())));
        assertThat(cache.getCategory("core")).containsKeys("console", "jsontemplatelayout", "bufferingappender");
        assertThat(cache.getCategory("jsontemplateresolverfactory")).containsKey("powertoolsresolverfactory");

        try (var jar = new JarFile(artifact.toFile())) {
            var interceptors = new String(jar.getInputStream(
                    jar.getEntry("software/amazon/awssdk/global/handlers/execution.interceptors")).readAllBytes(),
                    StandardCharsets.UTF_8);
            assertThat(interceptors).contains("software.amazon.lambda.powertools.logging.log4j.internal.Log4jUserAgentInterceptor");
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"ApiFunction", "ConsumerFunction", "ReadFunction", "PruneFunction"})
    void startsFromItsArtifactUnderTheRuntimeInterfaceClient_runsItsSnapStartHooks_andServesAnEvent(String function)
            throws Exception {
        var start = launcher.coldStart(functions.get(function), "artifact-" + function, List.of(),
                // The client then runs the org.crac hooks (beforeCheckpoint, afterRestore) before the first event.
                Map.of("AWS_LAMBDA_INITIALIZATION_TYPE", "snap-start"));

        assertThat(start.restored()).as("the client asked for the restore after the checkpoint hooks").isTrue();
        var output = Files.readString(start.log());
        assertThat(output).doesNotContain("Exception", "ERROR");
        var answer = start.answer().body();
        switch (function) {
            case "ApiFunction" -> {
                assertThat(answer).contains("\"statusCode\":202");
                assertThat(output.lines()).as("an EMF document").anyMatch(line -> line.contains("\"_aws\"")
                        && line.contains("\"WritesAccepted\":1"));
                assertThat(output.lines()).as("a JSON log line through log4j's JSON template layout")
                        .anyMatch(line -> line.startsWith("{\"level\":\"INFO\"") && line.contains("\"function_name\":\"ApiFunction\""));
            }
            case "ConsumerFunction" -> {
                assertThat(answer).contains("\"batchItemFailures\":[]");
                assertThat(output.lines()).anyMatch(line -> line.contains("\"_aws\"") && line.contains("\"WritesApplied\":1"));
            }
            case "PruneFunction" -> assertThat(answer).contains("\"appliedWrites\":", "\"before\":");
            default -> assertThat(answer).containsAnyOf("\"statusCode\":200", "\"statusCode\":404");
        }
    }

    private static List<String> entries(String function) throws IOException {
        try (var jar = new JarFile(functions.get(function).code().toFile())) {
            return jar.stream().map(ZipEntry::getName).toList();
        }
    }
}
