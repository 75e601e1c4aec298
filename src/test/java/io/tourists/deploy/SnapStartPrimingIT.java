package io.tourists.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import io.tourists.testing.lambda.Deployment;
import io.tourists.testing.lambda.LambdaLauncher;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * SnapStart priming, shown: each function starts from its artifact under AWS's runtime interface client with
 * {@code AWS_LAMBDA_INITIALIZATION_TYPE=snap-start}, so the client runs the org.crac hooks in order
 * (beforeCheckpoint, which primes, then afterRestore) before it asks for the first event, and the JVM logs
 * every class it loads. The first event carries a client context, whose class the client loads as the
 * invocation starts and never before: the classes logged after it are the first request's. None of them may
 * belong to a path the priming ran. The write API primes during every init, on-demand too (it has a
 * first-request target): its first request after an on-demand start loads none of them either, nor the
 * SDK's SendMessage path.
 */
class SnapStartPrimingIT {

    /** A line of -Xlog:class+load: its decorations in brackets, then the class name. */
    private static final Pattern LOADED = Pattern.compile("^(?:\\[[^]]*\\])* ?(\\S+) source: .*$");
    private static final String MARKER = "com.amazonaws.services.lambda.runtime.api.client.api.LambdaClientContext";

    /** Per function, the packages its beforeCheckpoint primes: none of their classes may load on the first request. */
    /**
     * The SigV4 signer's own classes, which a database function's first secret read after a restore uses
     * (lambda/SignedSecretReader signs a sample before the snapshot, sending nothing).
     */
    static final String SIGNING_THE_SECRET_READ = "software.amazon.awssdk.http.auth.aws.internal.signer.";

    static final Map<String, List<String>> PRIMED = Map.of(
            "ApiFunction", List.of("io.tourists.domain.", "io.tourists.json.", "io.tourists.queue.WriteEnvelope",
                    "io.tourists.http.HttpResponses", "com.fasterxml.jackson.databind.ser.",
                    "com.fasterxml.jackson.datatype.jsr310."),
            "ConsumerFunction", List.of("io.tourists.domain.", "io.tourists.json.", "io.tourists.queue.WriteEnvelope",
                    "com.fasterxml.jackson.databind.deser.", "com.fasterxml.jackson.datatype.jsr310.",
                    SIGNING_THE_SECRET_READ),
            "ReadFunction", List.of("io.tourists.domain.", "io.tourists.json.", "io.tourists.read.TouristView",
                    "io.tourists.http.HttpResponses", "com.fasterxml.jackson.databind.ser.",
                    "com.fasterxml.jackson.datatype.jsr310.", SIGNING_THE_SECRET_READ));

    /**
     * What running SendMessage in the process (lambda/SqsPriming) loads: the SQS client's model, marshallers,
     * endpoint rules and interceptors, the JSON protocol, signing. What a real request adds is the socket
     * (java.net, the url-connection client's call) and the function's own credentials.
     */
    static final List<String> PRIMED_BY_SEND_MESSAGE = List.of("software.amazon.awssdk.services.sqs.",
            "software.amazon.awssdk.protocols.", "software.amazon.awssdk.http.auth.",
            "software.amazon.awssdk.auth.signer.", "software.amazon.awssdk.core.internal.");

    static LambdaLauncher launcher;
    static Map<String, Deployment.Function> functions = new TreeMap<>();

    @BeforeAll
    static void readTheTemplate() throws IOException {
        launcher = LambdaLauncher.start(Path.of("target", "snapstart-it"), true);
        launcher.deployment("this checkout", Path.of(".")).functions().forEach(f -> functions.put(f.logicalId(), f));
    }

    @AfterAll
    static void stop() {
        launcher.close();
    }

    @ParameterizedTest
    @ValueSource(strings = {"ApiFunction", "ConsumerFunction", "ReadFunction"})
    void thePrimedPathsLoadNoClassOnTheFirstRequestAfterARestore(String function) throws Exception {
        var classes = launcher.work().resolve(function + ".classes");
        var start = launcher.coldStart(functions.get(function), "snapstart-" + function,
                List.of("-Xlog:class+load=info:file=" + classes.toAbsolutePath()),
                Map.of("AWS_LAMBDA_INITIALIZATION_TYPE", "snap-start"));
        assertThat(start.restored()).as("the client ran the checkpoint hooks and asked for the restore").isTrue();
        assertNoPrimedClassLoadsOnTheFirstRequest(function, classes, PRIMED.get(function));
    }

    /** The write API primes during every init, not only before a snapshot: its first request has a target. */
    @Test
    void theWriteApiPrimesDuringAnOnDemandInit_includingTheSdksSendMessage() throws Exception {
        var classes = launcher.work().resolve("ApiFunction-on-demand.classes");
        var start = launcher.coldStart(functions.get("ApiFunction"), "on-demand-ApiFunction",
                List.of("-Xlog:class+load=info:file=" + classes.toAbsolutePath()), Map.of());
        assertThat(start.restored()).as("an on-demand start: no checkpoint, no restore").isFalse();
        var primed = new java.util.ArrayList<>(PRIMED.get("ApiFunction"));
        primed.addAll(PRIMED_BY_SEND_MESSAGE);
        assertNoPrimedClassLoadsOnTheFirstRequest("ApiFunction", classes, primed);
    }

    private static void assertNoPrimedClassLoadsOnTheFirstRequest(String function, Path classes, List<String> primed)
            throws IOException {

        var loaded = Files.readAllLines(classes).stream().map(SnapStartPrimingIT::className)
                .filter(name -> !name.isEmpty()).toList();
        assertThat(loaded).as("the client loads its client context as the first request starts").contains(MARKER);
        var firstRequest = loaded.subList(loaded.indexOf(MARKER) + 1, loaded.size());
        System.out.printf("%s: %d classes loaded before the first request, %d during it; by package: %s%n", function,
                loaded.indexOf(MARKER), firstRequest.size(), byPackage(firstRequest));

        // A lambda's or a switch's hidden class is made per call site, at its first run: one the sample did not
        // take (another branch) costs that much, not a library's loading.
        assertThat(firstRequest).as("classes of primed paths loaded by %s's first request", function)
                .filteredOn(name -> !name.contains("$$"))
                .noneMatch(name -> primed.stream().anyMatch(name::startsWith));
    }

    private static String className(String line) {
        var matcher = LOADED.matcher(line);
        if (!matcher.matches()) {
            return "";
        }
        return matcher.group(1);
    }

    private static Map<String, Integer> byPackage(List<String> classes) {
        var counts = new TreeMap<String, Integer>();
        for (var name : classes) {
            var parts = name.split("\\.");
            counts.merge(String.join(".", java.util.Arrays.copyOf(parts, Math.min(3, parts.length - 1))), 1, Integer::sum);
        }
        return counts;
    }
}
