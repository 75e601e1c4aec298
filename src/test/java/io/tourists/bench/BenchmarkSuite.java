package io.tourists.bench;

import io.tourists.testing.Infrastructure;
import java.util.List;

/**
 * The benchmark suite behind {@code bin/benchmark}: runs the chosen scenarios in order against one embedded
 * ElasticMQ and one embedded PostgreSQL on 127.0.0.1, prints each table, and writes BENCHMARKS.md and the
 * charts. Options are in {@link BenchOptions}; {@code --only coldstart} runs one scenario and keeps the
 * report's other sections.
 */
public final class BenchmarkSuite {

    /** Every scenario, in report order. A new one is a class and a line here. */
    static final List<Scenario> SCENARIOS = List.of(
            new EndToEndScenario(),
            new DrainScenario(),
            new ImportScenario(),
            new SyncScenario(),
            new BatchEndpointScenario(),
            new ConsumerStatementScenario(),
            new ColdStartScenario(),
            new ColdProfileScenario(),
            new JmhScenario(),
            new RecoveryScenario(),
            new ConnectionsScenario(),
            new DashboardCostScenario(),
            new ReadScenario(),
            new CostScenario());

    private BenchmarkSuite() {
    }

    public static void main(String[] args) throws Exception {
        int exit = 0;
        try {
            run(BenchOptions.parse(args));
        } catch (Exception e) {
            e.printStackTrace(System.err);
            exit = 1;
        }
        System.exit(exit);
    }

    private static void run(BenchOptions options) throws Exception {
        var chosen = SCENARIOS.stream().filter(s -> options.runs(s.name())).toList();
        if (chosen.isEmpty()) {
            throw new IllegalArgumentException("no scenario chosen; they are "
                    + SCENARIOS.stream().map(Scenario::name).toList());
        }
        System.out.println("starting embedded ElasticMQ and PostgreSQL ...");
        Infrastructure.sqs();
        Infrastructure.database();
        var report = new Report();
        for (var scenario : chosen) {
            System.out.println("== " + scenario.title());
            long started = System.nanoTime();
            scenario.run(options, report.section(scenario));
            report.finished(scenario, (System.nanoTime() - started) / 60e9);
        }
        report.write(options, SCENARIOS);
    }
}
