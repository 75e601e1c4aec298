package io.tourists.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import org.junit.jupiter.api.Test;

class CostModelTest {

    /** Hello world takes 400 ms here and 200 ms on Lambda: every local duration counts half. */
    private final CostModel model = new CostModel(CostModel.Prices.US_EAST_1, new CostModel.Basis(400, 200),
            new CostModel.Workload(100, 100, 0.5, 0.5, 20, 1, 0.1, 1));

    private final CostModel.Invocation api = new CostModel.Invocation("write API", 20, 0, 1024, 1);
    private final CostModel.Invocation consumer = new CostModel.Invocation("consumer", 50.3, 0, 1024, 0.01);

    @Test
    void aLambdaLineIsRequestsPlusBilledMillisecondsTimesGigabytesTimesThePrice() {
        // 1M x ($0.20/M + 10 ms x 1 GB x $0.0000133334/GB-s)
        assertThat(model.lambda(api).dollars()).isCloseTo(0.2 + 0.133334, within(1e-9));
        // 10,000 x ($0.20/M + 26 ms (25.15 rounded up) x 1 GB x $0.0000133334/GB-s)
        assertThat(model.lambda(consumer).dollars()).isCloseTo(0.002 + 10_000 * 0.026 * 0.0000133334, within(1e-9));
        assertThat(model.lambda(new CostModel.Invocation("half", 20, 0, 512, 1)).dollars())
                .isCloseTo(0.2 + 0.133334 / 2, within(1e-9));
        // A wait on AWS is added as it is: 10 ms of work here (x 0.5) + 20 ms of round trips = 30 ms billed.
        assertThat(model.lambda(new CostModel.Invocation("waiting", 20, 20, 1024, 1)).dollars())
                .isCloseTo(0.2 + 0.030 * 0.0000133334 * 1e6, within(1e-9));
    }

    @Test
    void thePipelineAddsTheHttpApiSqsSecretsAndTheDatabase() {
        var lines = model.pipeline(api, consumer);

        assertThat(lines).extracting(CostModel.Line::item).containsExactly("API Gateway HTTP API", "Lambda write API",
                "SQS requests", "Lambda consumer", "Secrets Manager", "Aurora Serverless v2", "Aurora I/O",
                "Aurora storage");
        assertThat(dollars(lines, "SQS requests")).isCloseTo(1.2 * 0.40, within(1e-12));
        assertThat(dollars(lines, "Secrets Manager")).isCloseTo(20 / 10_000.0 * 0.05, within(1e-12));
        // 1M writes at 100 writes/s: 2.78 hours at 0.5 ACU.
        assertThat(dollars(lines, "Aurora Serverless v2")).isCloseTo(0.5 * 1e6 / 100 / 3600 * 0.12, within(1e-9));
        assertThat(CostModel.total(lines)).isCloseTo(1 + 0.333334 + 0.48 + 0.002 + 10_000 * 0.026 * 0.0000133334
                + 0.0001 + 0.5 * 1e6 / 100 / 3600 * 0.12 + 0.02 + 0.1, within(1e-9));
    }

    @Test
    void rdsProxyChargesAtLeastItsMinimumCapacityForTheHoursItServes() {
        var function = new CostModel.Invocation("synchronous", 60, 0, 1024, 1);

        var withProxy = model.synchronous(function, true);
        var without = model.synchronous(function, false);

        assertThat(dollars(withProxy, "RDS Proxy")).isCloseTo(8 * 1e6 / 100 / 3600 * 0.015, within(1e-9));
        assertThat(CostModel.total(withProxy) - CostModel.total(without))
                .isCloseTo(dollars(withProxy, "RDS Proxy"), within(1e-12));
        assertThat(dollars(without, "Lambda synchronous")).isCloseTo(0.2 + 0.030 * 0.0000133334 * 1e6, within(1e-9));
        assertThat(model.rdsProxyMonthlyFloor()).isCloseTo(8 * 0.015 * 24 * 30, within(1e-9));
    }

    @Test
    void eachLineShowsItsInputs() {
        var line = model.lambda(consumer);

        assertThat(line.formula()).contains("10,000 invocations", "50.30 ms here", "x 0.50", "0 ms waits", "26 ms", "$0.0000133334/GB-s");
        assertThat(CostModel.plain(0.0000133334)).isEqualTo("0.0000133334");
    }

    private static double dollars(List<CostModel.Line> lines, String item) {
        return lines.stream().filter(l -> l.item().equals(item)).findFirst().orElseThrow().dollars();
    }
}
