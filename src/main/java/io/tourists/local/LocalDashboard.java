package io.tourists.local;

import io.tourists.consumer.Backoff;
import io.tourists.json.Json;
import io.tourists.local.dashboard.ApiLatencies;
import io.tourists.local.dashboard.DashboardSampler;
import io.tourists.local.dashboard.DashboardServer;
import io.tourists.local.dashboard.FunctionCounts;
import io.tourists.local.sqs.EventSourceMapping;
import io.tourists.local.sqs.QueueRef;
import io.tourists.local.template.FunctionDefinition;
import io.tourists.local.template.SqsEventSource;
import java.io.IOException;
import java.net.URI;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import javax.sql.DataSource;
import software.amazon.awssdk.services.sqs.SqsClient;

/**
 * The dashboard page, when the settings ask for one: the sampler that reads the pipeline once a second and the
 * server that pushes its samples to the page. Closing it stops both.
 */
final class LocalDashboard implements AutoCloseable {

    private final DashboardSampler sampler;
    private final DashboardServer server;

    private LocalDashboard(DashboardSampler sampler, DashboardServer server) {
        this.sampler = sampler;
        this.server = server;
    }

    /** What the page shows beside the numbers: the settings those numbers are judged against. */
    record Settings(QueueRef writeQueue, Optional<QueueRef> deadLetterQueue, FunctionDefinition consumerFunction,
                    SqsEventSource eventSource, int maximumConcurrency, Map<String, String> consumerEnvironment,
                    OptionalInt connectionBudget) {

        String json() {
            var backoff = Backoff.fromEnvironment(consumerEnvironment);
            var settings = new LinkedHashMap<String, Object>();
            settings.put("writeQueue", writeQueue.name());
            settings.put("deadLetterQueue", deadLetterQueue.map(QueueRef::name).orElse(null));
            settings.put("maxReceiveCount", Optional.ofNullable(writeQueue.attributes().get("RedrivePolicy"))
                    .map(LocalDashboard::maxReceiveCount).orElse(null));
            settings.put("batchSize", eventSource.batchSize());
            settings.put("batchingWindowSeconds", eventSource.batchingWindow().toSeconds());
            settings.put("maximumConcurrency", maximumConcurrency);
            settings.put("consumerTimeoutSeconds", consumerFunction.timeout().toSeconds());
            settings.put("backoffFirstSeconds", backoff.first().toSeconds());
            settings.put("backoffMaxSeconds", backoff.max().toSeconds());
            settings.put("connectionBudget", connectionBudget.isPresent() ? connectionBudget.getAsInt() : null);
            settings.put("sampleSeconds", DashboardSampler.INTERVAL.toSeconds());
            return Json.write(settings);
        }
    }

    static LocalDashboard start(int port, SqsClient sqs, Optional<EventSourceMapping> consumer, DataSource database,
                                FunctionCounts counts, ApiLatencies latencies, Settings settings) {
        var sampler = new DashboardSampler(new DashboardSampler.Sources(sqs, settings.writeQueue(),
                settings.deadLetterQueue(), consumer, database, counts, latencies));
        try {
            var server = DashboardServer.start(port, sampler, settings.json());
            sampler.start();
            return new LocalDashboard(sampler, server);
        } catch (IOException e) {
            throw new IllegalStateException("the dashboard could not listen on 127.0.0.1:" + port + " ("
                    + e.getMessage() + "); choose another with --dashboard-port / LOCAL_DASHBOARD_PORT, or off", e);
        }
    }

    URI uri() {
        return server.uri();
    }

    private static Integer maxReceiveCount(String redrivePolicy) {
        try {
            return Json.readTree(redrivePolicy).path("maxReceiveCount").asInt();
        } catch (IOException e) {
            return null;
        }
    }

    @Override
    public void close() {
        server.close();
        sampler.close();
    }
}
