package io.tourists.testing;

import io.tourists.consumer.Backoff;
import io.tourists.local.sqs.BatchPoller;
import io.tourists.local.template.SamTemplate;
import io.tourists.local.template.TemplateValues;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

/**
 * The write queue and the consumer as template.yaml deploys them: the event source mapping's settings, the
 * queue's visibility timeout and maxReceiveCount, the consumer's environment and its backoff. Read from the
 * template each time, so tests and benchmarks follow it.
 */
public final class TemplateConsumer {

    private static final SamTemplate TEMPLATE = SamTemplate.read(Path.of("template.yaml"));

    private TemplateConsumer() {
    }

    /** BatchSize, MaximumBatchingWindowInSeconds and the function's timeout: the parameters' defaults. */
    public static BatchPoller.Settings mappingSettings() {
        return new BatchPoller.Settings(parameter("ConsumerBatchSize"),
                Duration.ofSeconds(parameter("ConsumerBatchingWindowSeconds")),
                Duration.ofSeconds(parameter("ConsumerTimeoutSeconds")));
    }

    /** ScalingConfig.MaximumConcurrency. */
    public static int maximumConcurrency() {
        return parameter("ConsumerMaxConcurrency");
    }

    /** WriteQueue's RedrivePolicy maxReceiveCount. */
    public static int maxReceiveCount() {
        return integer(SamTemplate.map(TEMPLATE.properties("WriteQueue"), "RedrivePolicy").get("maxReceiveCount"));
    }

    /** WriteQueue's VisibilityTimeout. */
    public static Duration visibilityTimeout() {
        return Duration.ofSeconds(integer(TEMPLATE.properties("WriteQueue").get("VisibilityTimeout")));
    }

    /** The consumer function's variables (Globals' and its own), as the template writes them. */
    public static Map<String, String> environment() {
        var env = new HashMap<String, String>();
        TEMPLATE.environment("ConsumerFunction").forEach((name, value) -> env.put(name, String.valueOf(value)));
        return env;
    }

    /** The backoff the consumer's BACKOFF_* variables give. */
    public static Backoff backoff() {
        return Backoff.fromEnvironment(environment());
    }

    /** The BACKOFF_* variables that give {@code backoff}. */
    public static Map<String, String> variables(Backoff backoff) {
        return Map.of(Backoff.FIRST_VARIABLE, Long.toString(backoff.first().toSeconds()),
                Backoff.MAX_VARIABLE, Long.toString(backoff.max().toSeconds()));
    }

    private static int parameter(String name) {
        return integer(TEMPLATE.parameterDefault(name).orElseThrow());
    }

    private static int integer(Object value) {
        return new TemplateValues(TEMPLATE, Map.of(), Map.of(), Map.of()).integer(value, String.valueOf(value));
    }
}
