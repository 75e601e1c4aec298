package io.tourists.bench;

import static io.tourists.bench.Report.fmt;

import io.tourists.bench.coldstart.Libraries;
import io.tourists.testing.lambda.LambdaJvm;
import io.tourists.testing.lambda.LambdaLauncher;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Pattern;
import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordingFile;

/**
 * Where a cold start goes, per library: each function of this checkout started as in {@link ColdStartScenario},
 * with the JVM logging every class it loads and a JFR recording; classes are counted by library, and JFR's
 * execution samples are given to the library of their innermost frame outside the JDK (the code that asked for
 * the work), split at the end of the init phase. Both with and without the profile the runs are cold starts;
 * the profile makes them slower, so its shares are the figure here, not its milliseconds.
 */
final class ColdProfileScenario implements Scenario {

    private static final Pattern CLASS_LOAD = Pattern.compile("^\\[(\\d+)ms\\] (\\S+) source: (.*)$");

    @Override
    public String name() {
        return "coldprofile";
    }

    @Override
    public String title() {
        return "3b. Cold start profile, per library";
    }

    /** Per library: classes loaded and JFR samples, in init and in the first invocation. */
    static final class Counts {
        int initClasses;
        int invokeClasses;
        int initSamples;
        int invokeSamples;
    }

    @Override
    public void run(BenchOptions options, Report.Section section) throws Exception {
        int runs = Math.min(options.repeats(), 3);
        try (var setup = LambdaLauncher.start(ColdStartScenario.WORK)) {
            var deployment = setup.deployment("this checkout", Path.of("."));
            for (var function : deployment.functions()) {
                if (!ColdStartScenario.FUNCTIONS.contains(function.logicalId())) {
                    continue;
                }
                var libraries = new TreeMap<String, Counts>();
                for (int run = 1; run <= runs; run++) {
                    System.out.println("cold profile: " + function.logicalId() + ", run " + run + " of " + runs + " ...");
                    var name = "profile-" + function.logicalId() + "-" + run;
                    var classes = ColdStartScenario.WORK.toAbsolutePath().resolve(name + ".classes");
                    var recording = ColdStartScenario.WORK.toAbsolutePath().resolve(name + ".jfr");
                    var start = setup.coldStart(function, name, List.of(
                            "-Xlog:class+load=info:file=" + classes + ":uptimemillis",
                            "-XX:StartFlightRecording=filename=" + recording + ",settings=profile"));
                    countClasses(classes, start, libraries);
                    countSamples(recording, start, libraries);
                }
                section.add(table(function.logicalId(), runs, libraries));
            }
        }
        section.note("Profile: classes counted from -Xlog:class+load (split at the init phase's end by the JVM's"
                + " uptime), samples from a JFR recording (settings=profile), each given to the library of its"
                + " innermost frame outside the JDK; 'JDK' samples are the JVM's and the client's own start. Counts"
                + " are summed over the runs. JFR and the log slow the start: read the shares, not the times.");
    }

    private static Table table(String function, int runs, Map<String, Counts> libraries) {
        int initSamples = libraries.values().stream().mapToInt(c -> c.initSamples).sum();
        int invokeSamples = libraries.values().stream().mapToInt(c -> c.invokeSamples).sum();
        var table = Table.of("3b. " + function + ": classes loaded and CPU samples per library (" + runs + " runs)",
                "library", "classes at init", "classes at first invoke", "init samples", "share of init",
                "first-invoke samples", "share of first invoke");
        var rows = new ArrayList<>(libraries.entrySet());
        rows.sort((a, b) -> Integer.compare(b.getValue().initClasses + b.getValue().invokeClasses,
                a.getValue().initClasses + a.getValue().invokeClasses));
        for (var row : rows) {
            var c = row.getValue();
            table = table.with(row.getKey(), c.initClasses / runs, c.invokeClasses / runs, c.initSamples,
                    percent(c.initSamples, initSamples), c.invokeSamples, percent(c.invokeSamples, invokeSamples));
        }
        int initClasses = libraries.values().stream().mapToInt(c -> c.initClasses).sum();
        int invokeClasses = libraries.values().stream().mapToInt(c -> c.invokeClasses).sum();
        return table.with("all", initClasses / runs, invokeClasses / runs, initSamples, "100%", invokeSamples, "100%");
    }

    private static String percent(int part, int whole) {
        return whole == 0 ? "-" : fmt(100.0 * part / whole) + "%";
    }

    private static void countClasses(Path log, LambdaJvm.ColdStart start, Map<String, Counts> libraries)
            throws Exception {
        // The JVM's uptime clock starts a few ms after the process: the split errs towards init by that much.
        for (var line : Files.readAllLines(log)) {
            var matcher = CLASS_LOAD.matcher(line);
            if (matcher.matches()) {
                var counts = libraries.computeIfAbsent(Libraries.of(matcher.group(2)), k -> new Counts());
                if (Long.parseLong(matcher.group(1)) <= start.initMs()) {
                    counts.initClasses++;
                } else {
                    counts.invokeClasses++;
                }
            }
        }
    }

    private static void countSamples(Path recording, LambdaJvm.ColdStart start, Map<String, Counts> libraries)
            throws Exception {
        Instant initEnd = start.initEnd();
        Instant invokeEnd = initEnd.plusNanos((long) (start.firstInvokeMs() * 1e6));
        for (RecordedEvent event : RecordingFile.readAllEvents(recording)) {
            if (!event.getEventType().getName().equals("jdk.ExecutionSample") || event.getStackTrace() == null) {
                continue;
            }
            var library = Libraries.JDK;
            for (var frame : event.getStackTrace().getFrames()) {
                var owner = Libraries.of(frame.getMethod().getType().getName());
                if (!owner.equals(Libraries.JDK)) {
                    library = owner;
                    break;
                }
            }
            var counts = libraries.computeIfAbsent(library, k -> new Counts());
            if (event.getStartTime().isBefore(initEnd)) {
                counts.initSamples++;
            } else if (event.getStartTime().isBefore(invokeEnd)) {
                counts.invokeSamples++;
            }
        }
    }
}
