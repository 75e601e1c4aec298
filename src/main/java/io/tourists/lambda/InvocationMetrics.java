package io.tourists.lambda;

import java.util.Map;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.cloudwatchlogs.emf.config.EnvironmentConfigurationProvider;
import software.amazon.cloudwatchlogs.emf.environment.Environments;
import software.amazon.lambda.powertools.metrics.Metrics;
import software.amazon.lambda.powertools.metrics.MetricsFactory;
import software.amazon.lambda.powertools.metrics.model.MetricUnit;

/**
 * The counts one invocation publishes, as CloudWatch embedded metric format (EMF) lines on stdout, flushed
 * once when the invocation ends. Powertools' functional API: no AspectJ, no annotation on the handler.
 * Namespace and service come from {@code POWERTOOLS_METRICS_NAMESPACE} and {@code POWERTOOLS_SERVICE_NAME}.
 */
public final class InvocationMetrics {

    /** The EMF library's own variable; when it is set, it wins. */
    static final String EMF_ENVIRONMENT = "AWS_EMF_ENVIRONMENT";
    static final String NAMESPACE = "POWERTOOLS_METRICS_NAMESPACE";
    /** Without a namespace Powertools refuses to flush; template.yaml sets the same one. */
    static final String DEFAULT_NAMESPACE = "TouristPipeline";

    private static final Logger LOG = LoggerFactory.getLogger(InvocationMetrics.class);

    private static final InvocationMetrics OFF = new InvocationMetrics(null);

    private final Metrics metrics;

    private InvocationMetrics(Metrics metrics) {
        this.metrics = metrics;
    }

    /**
     * Powertools' metrics instance. The EMF environment is chosen here rather than discovered: discovery
     * probes the EC2 and ECS metadata endpoints in parallel, which is wasted time in Lambda and traffic to
     * addresses nobody owns anywhere else. In Lambda the lines go to stdout (CloudWatch Logs extracts them);
     * elsewhere, "Local" prints them to stdout too.
     */
    public static InvocationMetrics fromEnvironment(Map<String, String> env) {
        if (env.get(EMF_ENVIRONMENT) == null) {
            EnvironmentConfigurationProvider.getConfig().setEnvironmentOverride(
                    env.get("AWS_LAMBDA_FUNCTION_NAME") != null ? Environments.Lambda : Environments.Local);
        }
        var metrics = MetricsFactory.getMetricsInstance();
        metrics.setNamespace(env.getOrDefault(NAMESPACE, DEFAULT_NAMESPACE));
        return new InvocationMetrics(metrics);
    }

    /** Publishes to the given Powertools metrics instance (tests build their own). */
    public static InvocationMetrics to(Metrics metrics) {
        return new InvocationMetrics(metrics);
    }

    /** Publishes nothing: the local runtime and tests that build functions from collaborators. */
    public static InvocationMetrics off() {
        return OFF;
    }

    public void count(String name, int value) {
        if (metrics != null) {
            metrics.addMetric(name, value, MetricUnit.COUNT);
        }
    }

    /**
     * Runs the invocation and flushes what it counted, once, whether it returned or threw. A flush that
     * fails is logged, never thrown: metrics must not turn a done batch into a retried one.
     */
    public <T> T flushAfter(Supplier<T> invocation) {
        try {
            return invocation.get();
        } finally {
            flush();
        }
    }

    private void flush() {
        if (metrics == null) {
            return;
        }
        try {
            metrics.flush();
        } catch (RuntimeException e) {
            LOG.warn("metrics were not published: {}", e.toString());
        }
    }
}
