package io.tourists.bench;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * BENCHMARKS.md: one section per scenario between {@code <!-- benchmark:NAME -->} markers, then
 * docs/benchmarks-analysis.md. A run rewrites the sections of the scenarios it ran and keeps the others, so
 * {@code bin/benchmark --only coldstart} refreshes the cold-start figures without erasing the rest.
 */
final class Report {

    private static final Pattern SECTION = Pattern.compile(
            "<!-- benchmark:([a-z0-9-]+) -->\\n(.*?)<!-- /benchmark:\\1 -->\\n", Pattern.DOTALL);

    /** What one scenario measured in this run. */
    static final class Section {
        private final Scenario scenario;
        private final List<Table> tables = new ArrayList<>();
        private final List<String> notes = new ArrayList<>();
        private final List<SvgChart.Panel> panels = new ArrayList<>();
        private Table targets = Table.of("Targets", "target", "goal", "reached", "met");
        private double minutes;

        Section(Scenario scenario) {
            this.scenario = scenario;
        }

        void add(Table table) {
            tables.add(table);
            System.out.println(table.text());
        }

        void note(String note) {
            notes.add(note);
        }

        void panel(SvgChart.Panel panel) {
            panels.add(panel);
        }

        void target(String name, String goal, String reached, boolean met) {
            targets = targets.with(name, goal, reached, met ? "yes" : "MISSED");
        }

        String markdown(String chart) {
            var md = new StringBuilder("## ").append(scenario.title()).append("\n\n");
            md.append("Measured by `bin/benchmark --only ").append(scenario.name()).append("` (or a full run) in ")
                    .append(fmt(minutes)).append(" min on ").append(machine()).append(".\n\n");
            if (!panels.isEmpty()) {
                md.append("![").append(scenario.name()).append("](").append(chart).append(")\n\n");
            }
            for (var table : tables) {
                md.append("### ").append(table.title()).append("\n\n").append(table.markdown()).append('\n');
            }
            if (!targets.rows().isEmpty()) {
                System.out.println(targets.text());
                md.append("### Targets\n\n").append(targets.markdown()).append('\n');
            }
            if (!notes.isEmpty()) {
                md.append("### Notes on what was measured\n\n");
                notes.forEach(note -> md.append("- ").append(note).append('\n'));
                md.append('\n');
            }
            return md.toString();
        }
    }

    private final Map<String, Section> sections = new LinkedHashMap<>();

    Section section(Scenario scenario) {
        var section = new Section(scenario);
        sections.put(scenario.name(), section);
        return section;
    }

    void finished(Scenario scenario, double minutes) {
        sections.get(scenario.name()).minutes = minutes;
    }

    /** Writes the report and one chart per scenario that drew one; sections of scenarios not run are kept. */
    void write(BenchOptions options, List<Scenario> order) throws IOException {
        var previous = Files.exists(options.report()) ? kept(Files.readString(options.report())) : Map.<String, String>of();
        var md = new StringBuilder("# Benchmarks\n\n");
        md.append("Written by `bin/benchmark` (io.tourists.bench.BenchmarkSuite), one section per scenario. Every figure")
                .append(" in a section comes from the run that section names; nothing is edited by hand except the")
                .append(" part after the last section (docs/benchmarks-analysis.md).\n\n");
        Files.createDirectories(options.charts());
        for (var scenario : order) {
            var section = sections.get(scenario.name());
            String body;
            if (section != null) {
                var chart = options.charts().resolve("benchmarks-" + scenario.name() + ".svg");
                if (!section.panels.isEmpty()) {
                    Files.writeString(chart, SvgChart.render(section.panels));
                }
                body = section.markdown(relative(options.report(), chart));
            } else {
                body = previous.get(scenario.name());
            }
            if (body != null) {
                md.append("<!-- benchmark:").append(scenario.name()).append(" -->\n").append(body)
                        .append("<!-- /benchmark:").append(scenario.name()).append(" -->\n\n");
            }
        }
        var analysis = Path.of("docs", "benchmarks-analysis.md");
        if (Files.exists(analysis)) {
            md.append(Files.readString(analysis));
        }
        Files.writeString(options.report(), md.toString());
        System.out.println("wrote " + options.report());
    }

    static Map<String, String> kept(String report) {
        var kept = new LinkedHashMap<String, String>();
        var matcher = SECTION.matcher(report);
        while (matcher.find()) {
            kept.put(matcher.group(1), matcher.group(2));
        }
        return kept;
    }

    private static String machine() {
        var os = ManagementFactory.getOperatingSystemMXBean();
        long memory = os instanceof com.sun.management.OperatingSystemMXBean sun ? sun.getTotalMemorySize() : -1;
        return cpuModel() + ", " + Runtime.getRuntime().availableProcessors() + " cores, "
                + fmt(memory / 1024.0 / 1024 / 1024) + " GiB, " + System.getProperty("os.name") + " "
                + System.getProperty("os.arch") + ", " + System.getProperty("java.vm.name") + " "
                + System.getProperty("java.runtime.version") + ", "
                + Instant.now().atOffset(ZoneOffset.UTC).truncatedTo(ChronoUnit.SECONDS);
    }

    private static String cpuModel() {
        try {
            return Files.readAllLines(Path.of("/proc/cpuinfo")).stream().filter(l -> l.startsWith("model name"))
                    .findFirst().map(l -> l.substring(l.indexOf(':') + 1).strip()).orElse("unknown CPU");
        } catch (IOException e) {
            return "unknown CPU";
        }
    }

    private static String relative(Path from, Path to) {
        var base = from.toAbsolutePath().getParent();
        return base.relativize(to.toAbsolutePath()).toString();
    }

    static String fmt(double value) {
        return SvgChart.format(value);
    }
}
