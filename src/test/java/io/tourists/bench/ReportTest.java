package io.tourists.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ReportTest {

    private static Scenario scenario(String name) {
        return new Scenario() {
            @Override
            public String name() {
                return name;
            }

            @Override
            public String title() {
                return "Scenario " + name;
            }

            @Override
            public void run(BenchOptions options, Report.Section section) {
                section.add(Table.of(name + " figures", "case", "value").with("one", "1"));
            }
        };
    }

    @Test
    void shouldKeepTheSectionsOfScenariosNotRun_andReplaceTheOnesRun(@TempDir Path dir) throws Exception {
        var first = scenario("first");
        var second = scenario("second");
        var options = new BenchOptions(1, 1, 1, 1, Set.of(), Set.of(), dir.resolve("BENCHMARKS.md"), dir, Optional.empty(),
                Set.of());
        Files.writeString(options.report(), "# Benchmarks\n\n<!-- benchmark:first -->\nold first\n<!-- /benchmark:first -->\n\n"
                + "<!-- benchmark:second -->\nold second\n<!-- /benchmark:second -->\n\nanalysis\n");

        var report = new Report();
        second.run(options, report.section(second));
        report.finished(second, 0.5);
        report.write(options, java.util.List.of(first, second));

        var written = Files.readString(options.report());
        assertThat(written).contains("old first").doesNotContain("old second").contains("second figures");
        assertThat(written.indexOf("old first")).isLessThan(written.indexOf("second figures"));
        assertThat(Report.kept(written)).containsOnlyKeys("first", "second");
    }

    @Test
    void shouldRunOnlyTheNamedScenarios_lessTheSkippedOnes() {
        var options = BenchOptions.parse(new String[] {"--only", "coldstart,e2e", "--skip", "e2e"});
        assertThat(options.runs("coldstart")).isTrue();
        assertThat(options.runs("e2e")).isFalse();
        assertThat(options.runs("jmh")).isFalse();
        assertThat(BenchOptions.parse(new String[0]).runs("jmh")).isTrue();
    }
}
