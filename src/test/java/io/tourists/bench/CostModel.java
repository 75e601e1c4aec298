package io.tourists.bench;

import java.util.ArrayList;
import java.util.List;

/**
 * What a million writes cost on AWS, for this design and for seed 000's synchronous one, from per-invocation
 * durations (measured here, turned into arm64 Lambda milliseconds by {@link Basis}), the functions' memory, the
 * requests each write makes, and AWS's list prices ({@link Prices}). Every line keeps its formula with its
 * inputs, so a user can put in durations measured on their own account.
 *
 * @param prices   AWS's prices
 * @param basis    how a local duration becomes an arm64 Lambda duration
 * @param workload the load the database figures assume
 */
record CostModel(Prices prices, Basis basis, Workload workload) {

    /** A million: every figure is per million writes. */
    static final double MILLION = 1_000_000;

    /**
     * AWS's list prices in US East (N. Virginia), on-demand, without free tiers or savings plans.
     *
     * @param lambdaArmGbSecond         Lambda duration on arm64, per GB-second (first 7.5 billion GB-s a month)
     * @param lambdaRequestsPerMillion  Lambda requests, per million
     * @param httpApiPerMillion         API Gateway HTTP API requests of up to 512 KB, per million (first 300 million)
     * @param sqsPerMillion             SQS standard queue requests of up to 64 KB, per million
     * @param auroraAcuHour             Aurora Serverless v2 (Aurora Standard), per ACU-hour
     * @param auroraStorageGbMonth      Aurora Standard storage, per GB-month
     * @param auroraIoPerMillion        Aurora Standard I/O requests, per million
     * @param rdsProxyAcuHour           RDS Proxy in front of Aurora Serverless v2, per ACU-hour of the database
     * @param rdsProxyMinimumAcus       the ACUs RDS Proxy charges for at least
     * @param secretsManagerPer10k      Secrets Manager API calls, per 10,000
     */
    record Prices(double lambdaArmGbSecond, double lambdaRequestsPerMillion, double httpApiPerMillion,
                  double sqsPerMillion, double auroraAcuHour, double auroraStorageGbMonth, double auroraIoPerMillion,
                  double rdsProxyAcuHour, double rdsProxyMinimumAcus, double secretsManagerPer10k) {

        /** Read on 2026-12-07 (see {@link #SOURCES}). */
        static final Prices US_EAST_1 = new Prices(0.0000133334, 0.20, 1.00, 0.40, 0.12, 0.10, 0.20, 0.015, 8, 0.05);

        static final List<String> SOURCES = List.of(
                "Lambda (arm64 duration, requests): https://aws.amazon.com/lambda/pricing/",
                "API Gateway HTTP API: https://aws.amazon.com/api-gateway/pricing/",
                "SQS: https://aws.amazon.com/sqs/pricing/",
                "Aurora Serverless v2, storage and I/O (Aurora Standard): https://aws.amazon.com/rds/aurora/pricing/",
                "RDS Proxy: https://aws.amazon.com/rds/proxy/pricing/",
                "Secrets Manager: https://aws.amazon.com/secrets-manager/pricing/");
    }

    /**
     * A local duration in arm64 Lambda milliseconds: scaled by how much slower or faster a hello world's init is on
     * Lambda (AWS's own published figure) than here, in the same run.
     *
     * @param localHelloInitMs  hello world's init under the runtime interface client here (median)
     * @param lambdaHelloInitMs hello world's init on Lambda's java25 arm64 runtime
     */
    record Basis(double localHelloInitMs, double lambdaHelloInitMs) {

        /** lambda-perf's java25 zip hello world, August 2026 (/work/shared/FACTS.md): 187-197 ms. */
        static final double LAMBDA_PERF_JAVA25_HELLO_INIT_MS = 192;

        double factor() {
            return lambdaHelloInitMs / localHelloInitMs;
        }

        double lambdaMs(double localMs) {
            return localMs * factor();
        }
    }

    /**
     * @param writesPerSecond     the steady load while writes arrive; the database scales to zero when they stop
     * @param consumerBatch       messages per consumer invocation at that load
     * @param pipelineAcus        Aurora capacity the pipeline holds at that load
     * @param synchronousAcus     Aurora capacity the synchronous design holds at that load
     * @param environmentStarts   function environments started per million writes (each reads its secret once)
     * @param rowGigabytes        stored size of a million writes' rows, GB (kept one month)
     * @param pipelineIosPerWrite Aurora write I/Os per write when a batch commits together
     * @param syncIosPerWrite     Aurora write I/Os per write when each write commits alone
     */
    record Workload(double writesPerSecond, int consumerBatch, double pipelineAcus, double synchronousAcus,
                    double environmentStarts, double rowGigabytes, double pipelineIosPerWrite, double syncIosPerWrite) {

        /** Hours the database is up for a million writes at this load. */
        double hours() {
            return MILLION / writesPerSecond / 3600;
        }
    }

    /**
     * One function's measured invocation.
     *
     * @param localMs   measured here, warm (median): CPU work, scaled by {@link Basis}
     * @param awsWaitMs what the invocation waits for on AWS and not here, added unscaled: round trips this
     *                  machine's loopback does not have (a stated input, see {@link CostScenario})
     */
    record Invocation(String function, double localMs, double awsWaitMs, int memoryMb, double invocationsPerWrite) {

        double lambdaMs(Basis basis) {
            return Math.ceil(basis.lambdaMs(localMs) + awsWaitMs);
        }
    }

    /** One priced line: what, its formula with the inputs, dollars per million writes. */
    record Line(String item, String formula, double dollars) {}

    /** The pipeline: HTTP API, write API function, SQS, consumer function, Aurora. */
    List<Line> pipeline(Invocation api, Invocation consumer) {
        var lines = new ArrayList<Line>();
        lines.add(httpApi());
        lines.add(lambda(api));
        double sqsRequests = 1 + 2.0 / 10;
        lines.add(new Line("SQS requests", "(1 SendMessage + 1/10 ReceiveMessage + 1/10 DeleteMessageBatch) x 1M x $"
                + plain(prices.sqsPerMillion()) + "/M", sqsRequests * prices.sqsPerMillion()));
        lines.add(lambda(consumer));
        lines.add(secrets());
        lines.add(aurora(workload.pipelineAcus()));
        lines.add(io(workload.pipelineIosPerWrite()));
        lines.add(storage());
        return lines;
    }

    /** Seed 000: one function per request that opens its own connection; with RDS Proxy when {@code proxy}. */
    List<Line> synchronous(Invocation function, boolean proxy) {
        var lines = new ArrayList<Line>();
        lines.add(httpApi());
        lines.add(lambda(function));
        lines.add(secrets());
        lines.add(aurora(workload.synchronousAcus()));
        if (proxy) {
            double acus = Math.max(prices.rdsProxyMinimumAcus(), workload.synchronousAcus());
            lines.add(new Line("RDS Proxy", "max(" + fmt(prices.rdsProxyMinimumAcus()) + ", " + fmt(workload.synchronousAcus())
                    + ") ACU x " + fmt(workload.hours()) + " h x $" + plain(prices.rdsProxyAcuHour()) + "/ACU-h",
                    acus * workload.hours() * prices.rdsProxyAcuHour()));
        }
        lines.add(io(workload.syncIosPerWrite()));
        lines.add(storage());
        return lines;
    }

    static double total(List<Line> lines) {
        return lines.stream().mapToDouble(Line::dollars).sum();
    }

    /** What RDS Proxy costs a month whatever the load: its minimum, around the clock. */
    double rdsProxyMonthlyFloor() {
        return prices.rdsProxyMinimumAcus() * prices.rdsProxyAcuHour() * 24 * 30;
    }

    private Line httpApi() {
        return new Line("API Gateway HTTP API", "1 request x 1M x $" + plain(prices.httpApiPerMillion()) + "/M",
                prices.httpApiPerMillion());
    }

    /**
     * Requests plus duration: invocations x (request price + billed seconds x GB x price per GB-s). Lambda bills
     * duration in whole milliseconds, rounded up.
     */
    Line lambda(Invocation invocation) {
        double invocations = invocation.invocationsPerWrite() * MILLION;
        double lambdaMs = invocation.lambdaMs(basis);
        double gb = invocation.memoryMb() / 1024.0;
        double dollars = invocations * (prices.lambdaRequestsPerMillion() / MILLION
                + lambdaMs / 1000 * gb * prices.lambdaArmGbSecond());
        return new Line("Lambda " + invocation.function(), fmt(invocations) + " invocations x ($"
                + plain(prices.lambdaRequestsPerMillion()) + "/M + (" + fmt(invocation.localMs()) + " ms here x "
                + fmt(basis.factor()) + " + " + fmt(invocation.awsWaitMs()) + " ms waits) = " + fmt(lambdaMs)
                + " ms x " + fmt(gb) + " GB x $"
                + plain(prices.lambdaArmGbSecond()) + "/GB-s)", dollars);
    }

    private Line secrets() {
        return new Line("Secrets Manager", fmt(workload.environmentStarts()) + " GetSecretValue (one per environment"
                + " start) x $" + plain(prices.secretsManagerPer10k()) + "/10k",
                workload.environmentStarts() / 10_000 * prices.secretsManagerPer10k());
    }

    private Line aurora(double acus) {
        return new Line("Aurora Serverless v2", fmt(acus) + " ACU x " + fmt(workload.hours()) + " h ("
                + fmt(workload.writesPerSecond()) + " writes/s) x $" + plain(prices.auroraAcuHour()) + "/ACU-h",
                acus * workload.hours() * prices.auroraAcuHour());
    }

    private Line io(double iosPerWrite) {
        return new Line("Aurora I/O", fmt(iosPerWrite) + " write I/O per write x 1M x $" + plain(prices.auroraIoPerMillion())
                + "/M", iosPerWrite * prices.auroraIoPerMillion());
    }

    private Line storage() {
        return new Line("Aurora storage", fmt(workload.rowGigabytes()) + " GB x 1 month x $"
                + plain(prices.auroraStorageGbMonth()) + "/GB-month", workload.rowGigabytes() * prices.auroraStorageGbMonth());
    }

    private static String fmt(double value) {
        return Report.fmt(value);
    }

    /** A price as AWS writes it: 0.0000133334, not 1.33334E-5. */
    static String plain(double price) {
        return java.math.BigDecimal.valueOf(price).stripTrailingZeros().toPlainString();
    }
}
