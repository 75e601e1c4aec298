package io.tourists.bench;

import static io.tourists.bench.Report.fmt;

import io.tourists.testing.lambda.Deployment;
import io.tourists.bench.coldstart.HelloJar;
import io.tourists.bench.coldstart.HelloWorld;
import io.tourists.testing.lambda.LambdaJvm;
import io.tourists.testing.lambda.LambdaLauncher;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Each function started as Lambda starts it ({@link LambdaJvm}): its own JVM per cold start, from the artifact
 * its template's CodeUri names, under AWS's runtime interface client, against a Runtime API served here, with
 * the template's handler, environment, MemorySize and JAVA_TOOL_OPTIONS, one AWS event in, and the live local
 * queue, database and a Secrets Manager stand-in behind it. A hello-world handler runs the same way in the same
 * rounds, and every figure is also given as a ratio to it. With {@code --baseline DIR} (an earlier checkout,
 * packaged) its functions run in the same rounds: before and after on one machine at one time.
 */
final class ColdStartScenario implements Scenario {

    /**
     * The functions measured, in this order. The import function is not (yet): its first event needs an S3 store
     * and a source beside it; ArtifactIT starts it from its artifact under the runtime interface client.
     */
    static final List<String> FUNCTIONS = List.of("ApiFunction", "ConsumerFunction", "ReadFunction", "PruneFunction");

    static final Path WORK = Path.of("target", "coldstart");

    @Override
    public String name() {
        return "coldstart";
    }

    @Override
    public String title() {
        return "3. Cold start under the Lambda runtime interface client";
    }

    @Override
    public void run(BenchOptions options, Report.Section section) throws Exception {
        var setup = LambdaLauncher.start(WORK);
        try (setup) {
            var deployments = new ArrayList<Deployment>();
            options.baseline().ifPresent(dir -> deployments.add(setup.deployment("before", dir)));
            deployments.add(setup.deployment(options.baseline().isPresent() ? "after" : "this checkout", Path.of(".")));
            var hello = hello(deployments.getLast());

            var cases = new ArrayList<Case>();
            // The consumer before the read function: it writes the tourist the read function then finds.
            var order = FUNCTIONS;
            for (var variant : Variant.parse(options.variants())) {
                var label = variant == Variant.MANAGED ? "" : variant.label + ": ";
                cases.add(new Case(label.isEmpty() ? "" : variant.label, hello, variant));
                deployments.stream().filter(d -> variant == Variant.MANAGED || d == deployments.getLast())
                        .forEach(d -> d.functions().stream().filter(f -> order.contains(f.logicalId()))
                                .sorted(java.util.Comparator.comparingInt(f -> order.indexOf(f.logicalId())))
                                .forEach(f -> cases.add(new Case(label + d.label(), f, variant))));
            }
            for (var c : cases) {
                if (c.variant() == Variant.IMAGE_AOT) {
                    train(setup, c.function());
                }
            }
            var results = new LinkedHashMap<Case, List<LambdaJvm.ColdStart>>();
            cases.forEach(c -> results.put(c, new ArrayList<>()));
            // Rounds, not blocks: each round starts every case once, so a slow minute of a shared machine
            // falls on all of them alike.
            for (int round = 1; round <= options.repeats(); round++) {
                System.out.println("cold start: round " + round + " of " + options.repeats() + " ...");
                for (var c : cases) {
                    results.get(c).add(setup.coldStart(c.function(), c.label() + "-" + c.function().logicalId() + "-" + round,
                            c.variant().flags(c.function()), Map.of(), c.variant().image));
                }
            }
            report(options, section, results, hello, deployments.getLast().label());
            others(section, deployments.getLast());
        }
    }

    /**
     * The functions without a cold-start target (issue 21): the migration function runs once per deploy and the import
     * function once per file or schedule, neither on a caller's path. Their artifacts, beside the others'.
     */
    private static void others(Report.Section section, Deployment deployment) {
        var table = Table.of("3. Functions off the request path: their artifacts (no target)", "function", "code MB");
        for (var function : deployment.functions()) {
            if (!FUNCTIONS.contains(function.logicalId())) {
                table = table.with(function.logicalId(), fmt(function.codeBytes() / 1e6));
            }
        }
        section.add(table);
    }

    record Case(String label, Deployment.Function function, Variant variant) {}

    /** How the JVM is started, beside the managed runtime as the template deploys it. */
    enum Variant {
        MANAGED("managed", false, List.of()),
        /** The JVM's own tiered compilation, C2 included (Lambda's java25 choice with SnapStart). */
        C2("c2", false, List.of("-XX:TieredStopAtLevel=4")),
        NO_PERF_DATA("no-perf-data", false, List.of("-XX:-UsePerfData")),
        /** 8-byte object headers (JEP 519, a product flag from JDK 25): less heap per object. */
        COMPACT_HEADERS("compact-headers", false, List.of("-XX:+UseCompactObjectHeaders")),
        /**
         * A smaller young generation than a third of the 16 MB initial heap the JVM picks for 1 GB: fewer heap
         * pages touched before the first collections, at the cost of more of them.
         */
        YOUNG_4M("young-4m", false, List.of("-Xmn4m")),
        YOUNG_2M("young-2m", false, List.of("-Xmn2m")),
        /** A container image: the jar on the JVM's classpath. */
        IMAGE("image", true, List.of()),
        /** A container image with an AOT cache (JEP 483, 514, 515) from one training start of the function. */
        IMAGE_AOT("image+aot", true, List.of());

        final String label;
        final boolean image;
        private final List<String> flags;

        Variant(String label, boolean image, List<String> flags) {
            this.label = label;
            this.image = image;
            this.flags = flags;
        }

        List<String> flags(Deployment.Function function) {
            return this == IMAGE_AOT ? List.of("-XX:AOTCache=" + aotCache(function)) : flags;
        }

        static List<Variant> parse(java.util.Set<String> names) {
            var all = java.util.Arrays.stream(values()).filter(v -> v == MANAGED || names.contains(v.label)).toList();
            names.stream().filter(n -> all.stream().noneMatch(v -> v.label.equals(n))).findFirst().ifPresent(n -> {
                throw new IllegalArgumentException("unknown variant " + n + "; known: "
                        + java.util.Arrays.stream(values()).map(v -> v.label).toList());
            });
            return all;
        }
    }

    static Path aotCache(Deployment.Function function) {
        return WORK.toAbsolutePath().resolve("aot").resolve(function.logicalId() + ".aot");
    }

    /** One start of the function that records what it loads and links, written as its AOT cache at exit. */
    private static void train(LambdaLauncher setup, Deployment.Function function) throws Exception {
        var cache = aotCache(function);
        java.nio.file.Files.createDirectories(cache.getParent());
        System.out.println("cold start: AOT training start of " + function.logicalId() + " ...");
        setup.coldStart(function, "aot-training-" + function.logicalId(), List.of("-XX:AOTCacheOutput=" + cache),
                Map.of(), true);
        if (!java.nio.file.Files.exists(cache)) {
            throw new IllegalStateException("the training start wrote no AOT cache at " + cache);
        }
    }

    private static void report(BenchOptions options, Report.Section section,
                               Map<Case, List<LambdaJvm.ColdStart>> results, Deployment.Function hello,
                               String targetLabel) {
        var table = Table.of("3. Cold start: median of " + options.repeats()
                        + " fresh JVMs per function, in rounds (min-max in brackets); ratios to hello world"
                        + " started the same way",
                "function", "code MB", "init ms", "init / hello", "first invoke ms", "init + first ms",
                "init + first / hello", "RSS MB", "RSS / hello", "answer");
        var bars = new ArrayList<SvgChart.Bar>();
        for (var entry : results.entrySet()) {
            var c = entry.getKey();
            var runs = entry.getValue();
            var helloRuns = results.entrySet().stream()
                    .filter(e -> e.getKey().function() == hello && e.getKey().variant() == c.variant())
                    .findFirst().orElseThrow().getValue();
            double helloInit = median(helloRuns, LambdaJvm.ColdStart::initMs);
            double helloRss = median(helloRuns, LambdaJvm.ColdStart::rssMb);
            double helloTotal = median(helloRuns, ColdStartScenario::initPlusFirst);
            double init = median(runs, LambdaJvm.ColdStart::initMs);
            double invoke = median(runs, LambdaJvm.ColdStart::firstInvokeMs);
            double rss = median(runs, LambdaJvm.ColdStart::rssMb);
            double total = median(runs, ColdStartScenario::initPlusFirst);
            var name = (c.label().isEmpty() ? "" : c.label() + ": ") + c.function().logicalId();
            table = table.with(name, fmt(c.function().codeBytes() / 1e6),
                    fmt(init) + " (" + range(runs, LambdaJvm.ColdStart::initMs) + ")", fmt(init / helloInit) + " x",
                    fmt(invoke) + " (" + range(runs, LambdaJvm.ColdStart::firstInvokeMs) + ")",
                    fmt(total) + " (" + range(runs, ColdStartScenario::initPlusFirst) + ")", fmt(total / helloTotal) + " x",
                    fmt(rss), fmt(rss / helloRss) + " x", summary(runs.getLast().answer().body()));
            bars.add(new SvgChart.Bar(name + " init", init));
            if (c.variant() == Variant.MANAGED && c.label().equals(targetLabel)) {
                targets(section, c.function(), total / helloTotal, invoke, rss / helloRss);
            }
        }
        section.add(table);
        section.panel(new SvgChart.Panel("Cold start: init phase (median)", "ms", bars));
        section.note("init = from starting the JVM until the runtime interface client asks the Runtime API for its"
                + " first event (Lambda's Init Duration: JVM start, the client's bootstrap, loading and constructing the"
                + " handler); first invoke = from handing out the event until the response is posted (Lambda's Duration"
                + " of the first request: deserializing AWS's event JSON, the handler, the real queue or database"
                + " round trip); init + first = what the first caller waits for, per start (the median of the sums);"
                + " RSS = VmRSS once the client asks for the next event. Local JVM, not Lambda's"
                + " Firecracker VM, and this JDK, not Lambda's: compare the ratios to hello world, not the milliseconds.");
    }

    /**
     * Issue 21's targets: what the first caller waits for (init and the first request) within 2.5 x a hello
     * world's, memory within 1.5 x, every artifact within 8 MB; for every function but hello world.
     */
    private static void targets(Report.Section section, Deployment.Function function, double totalRatio,
                                double invokeMs, double rssRatio) {
        var id = function.logicalId();
        if (id.equals("HelloWorld")) {
            return;
        }
        double megabytes = function.codeBytes() / 1e6;
        section.target(id + " init + first request", "<= 2.5 x hello", fmt(totalRatio) + " x", totalRatio <= 2.5);
        if (id.equals("ApiFunction")) {
            // Issue 11's, kept: the write API's first request once its init has primed the write path.
            section.target(id + " first invoke", "<= 150 ms", fmt(invokeMs) + " ms", invokeMs <= 150);
        }
        section.target(id + " RSS", "<= 1.5 x hello", fmt(rssRatio) + " x", rssRatio <= 1.5);
        section.target(id + " code", "<= 8 MB", fmt(megabytes) + " MB", megabytes <= 8);
    }

    /** What the first caller waits for: the init phase, then the first request. */
    static double initPlusFirst(LambdaJvm.ColdStart start) {
        return start.initMs() + start.firstInvokeMs();
    }

    static double median(List<LambdaJvm.ColdStart> runs, java.util.function.ToDoubleFunction<LambdaJvm.ColdStart> figure) {
        var values = runs.stream().mapToDouble(figure).sorted().toArray();
        int n = values.length;
        return n % 2 == 1 ? values[n / 2] : (values[n / 2 - 1] + values[n / 2]) / 2;
    }

    private static String range(List<LambdaJvm.ColdStart> runs, java.util.function.ToDoubleFunction<LambdaJvm.ColdStart> figure) {
        var stats = runs.stream().mapToDouble(figure).summaryStatistics();
        return fmt(stats.getMin()) + "-" + fmt(stats.getMax());
    }

    /** The status code of an HTTP answer, or the failures of a batch answer. */
    static String summary(String body) {
        var status = java.util.regex.Pattern.compile("\"statusCode\"\\s*:\\s*(\\d{3})").matcher(body);
        if (status.find()) {
            return status.group(1);
        }
        if (body.contains("\"appliedWrites\"")) {
            return "pruned";
        }
        return body.contains("\"batchItemFailures\":[]") ? "no failures" : body;
    }

    /** A hello-world function with the runtime and memory of the deployment's write API. */
    static Deployment.Function hello(Deployment deployment) throws IOException {
        var api = deployment.functions().stream().filter(f -> f.logicalId().equals("ApiFunction")).findFirst()
                .orElse(deployment.functions().getFirst());
        return new Deployment.Function("HelloWorld", HelloWorld.class.getName() + "::handleRequest",
                HelloJar.build(WORK.resolve("hello").resolve("hello-world.jar")), api.runtime(), api.memoryMb(), Map.of());
    }
}
