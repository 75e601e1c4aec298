package io.tourists.bench;

import static io.tourists.bench.Report.fmt;

import java.util.ArrayList;
import java.util.stream.Collectors;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.TimeValue;

/** The JMH micro-benchmarks of the request and decode paths, in short runs that fit the suite. */
final class JmhScenario implements Scenario {

    @Override
    public String name() {
        return "jmh";
    }

    @Override
    public String title() {
        return "4. JMH";
    }

    @Override
    public void run(BenchOptions options, Report.Section section) throws Exception {
        System.out.println("JMH: ApiRequestBenchmark, ConsumerDecodeBenchmark (1 fork, 3 x 1 s warm-up, 5 x 1 s) ...");
        var jmh = new OptionsBuilder()
                .include("io\\.tourists\\.bench\\.(ApiRequestBenchmark|ConsumerDecodeBenchmark)")
                .forks(1)
                .warmupIterations(3).warmupTime(TimeValue.seconds(1))
                .measurementIterations(5).measurementTime(TimeValue.seconds(1))
                .jvmArgsAppend("-Xmx512m")
                .build();
        var results = new Runner(jmh).run();
        var table = Table.of("4. JMH (average time per operation, no I/O; 1 fork, 3 x 1 s warm-up, 5 x 1 s measured;"
                + " error = 99.9% CI)", "benchmark", "params", "score", "error", "unit", "per item");
        var bars = new ArrayList<SvgChart.Bar>();
        for (RunResult result : results) {
            var benchmark = result.getParams().getBenchmark();
            var name = benchmark.substring(benchmark.lastIndexOf('.', benchmark.lastIndexOf('.') - 1) + 1);
            var params = result.getParams().getParamsKeys().stream()
                    .map(k -> k + "=" + result.getParams().getParam(k)).collect(Collectors.joining(","));
            var primary = result.getPrimaryResult();
            var perItem = "-";
            if (!params.isEmpty() && result.getParams().getParam("batchSize") != null) {
                perItem = fmt(primary.getScore() / Integer.parseInt(result.getParams().getParam("batchSize")))
                        + " " + primary.getScoreUnit();
            }
            table = table.with(name, params.isEmpty() ? "-" : params, fmt(primary.getScore()),
                    fmt(primary.getScoreError()), primary.getScoreUnit(), perItem);
            // The chart has room for the method and its parameter, not the class.
            var shortName = name.substring(name.lastIndexOf('.') + 1) + (params.isEmpty() ? "" : " " + params);
            bars.add(new SvgChart.Bar(shortName.replace("batchSize=", "batch "), primary.getScore()));
        }
        section.add(table);
        section.panel(new SvgChart.Panel("JMH", "us/op", bars));
    }
}
