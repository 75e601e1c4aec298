package io.tourists.bench;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The suite's command line: {@code --name value} pairs.
 *
 * @param requests      end to end: writes sent (10000)
 * @param concurrency   end to end: writes in flight (100)
 * @param drainMessages drain: messages queued before the consumer starts (10000)
 * @param repeats       cold start: fresh JVMs per case, the median is reported (5)
 * @param only          scenarios to run, by name; empty for all
 * @param skip          scenarios not to run, by name
 * @param report        the Markdown file written (BENCHMARKS.md); sections of scenarios not run are kept
 * @param charts        the folder of the SVG charts, one per scenario (docs)
 * @param baseline      cold start: an earlier checkout, already packaged, measured beside this one (before/after)
 * @param variants      cold start: ways to start the JVM besides the managed runtime's (c2, no-perf-data, image,
 *                      image+aot; default image,image+aot, so the AOT cache's figure is in every run; none for none)
 */
record BenchOptions(int requests, int concurrency, int drainMessages, int repeats, Set<String> only, Set<String> skip,
                    Path report, Path charts, Optional<Path> baseline, Set<String> variants) {

    static final Set<String> KNOWN = Set.of("requests", "concurrency", "drain-messages", "repeats", "only", "skip",
            "report", "charts", "baseline", "variants");

    static BenchOptions parse(String[] args) {
        var values = new LinkedHashMap<String, String>();
        for (int i = 0; i < args.length; i += 2) {
            if (!args[i].startsWith("--") || i + 1 >= args.length) {
                throw new IllegalArgumentException("options are --name value pairs, got " + Arrays.toString(args));
            }
            values.put(args[i].substring(2), args[i + 1]);
        }
        values.keySet().stream().filter(k -> !KNOWN.contains(k)).findFirst().ifPresent(k -> {
            throw new IllegalArgumentException("unknown option --" + k + "; known: " + KNOWN);
        });
        return new BenchOptions(
                Integer.parseInt(values.getOrDefault("requests", "10000")),
                Integer.parseInt(values.getOrDefault("concurrency", "100")),
                Integer.parseInt(values.getOrDefault("drain-messages", "10000")),
                Integer.parseInt(values.getOrDefault("repeats", "5")),
                names(values.getOrDefault("only", "")),
                names(values.getOrDefault("skip", "")),
                Path.of(values.getOrDefault("report", "BENCHMARKS.md")),
                Path.of(values.getOrDefault("charts", "docs")),
                Optional.ofNullable(values.get("baseline")).filter(s -> !s.isBlank()).map(Path::of),
                names(values.getOrDefault("variants", "image,image+aot").replace("none", "")));
    }

    boolean runs(String scenario) {
        return (only.isEmpty() || only.contains(scenario)) && !skip.contains(scenario);
    }

    private static Set<String> names(String list) {
        return Arrays.stream(list.split(",")).map(String::strip).filter(s -> !s.isEmpty()).collect(Collectors.toSet());
    }
}
