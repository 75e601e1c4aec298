package io.tourists.bench;

/**
 * One part of {@code bin/benchmark}: it runs against the suite's shared ElasticMQ and PostgreSQL and puts its
 * tables, notes, targets and chart panels into its own section of the report. To add one, write a class
 * that implements this and list it in {@link BenchmarkSuite#SCENARIOS}; {@code --only NAME} then runs it alone.
 */
interface Scenario {

    /** The short name used by {@code --only} and {@code --skip}, and as the report section's key. */
    String name();

    /** What the section is called in BENCHMARKS.md. */
    String title();

    void run(BenchOptions options, Report.Section section) throws Exception;
}
