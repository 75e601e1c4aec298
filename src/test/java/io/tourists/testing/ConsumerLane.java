package io.tourists.testing;

import io.tourists.consumer.Backoff;
import java.time.Duration;
import java.util.HashMap;

/**
 * One write queue on the shared ElasticMQ with consumers of its own on a test's {@link OwnDatabase}, and writes
 * flowing into it through the write API: the mapping's settings, MaximumConcurrency and visibility timeout
 * are template.yaml's; the queue's maxReceiveCount and the consumer's backoff are the lane's.
 */
public record ConsumerLane(TestQueues queues, RunningConsumers consumers, WriteFlow writes) implements AutoCloseable {

    /**
     * @param writeInterval the pause between two POSTs of the lane's {@link WriteFlow}
     */
    public static ConsumerLane start(String name, OwnDatabase database, int maxReceiveCount, Backoff backoff,
                                     Duration writeInterval) {
        var queues = Infrastructure.newQueues(name, maxReceiveCount, TemplateConsumer.visibilityTimeout(), false);
        var environment = new HashMap<>(database.functionEnvironment(1));
        environment.putAll(TemplateConsumer.variables(backoff));
        var consumers = RunningConsumers.start(name, queues, environment, TemplateConsumer.maximumConcurrency(),
                TemplateConsumer.mappingSettings());
        return new ConsumerLane(queues, consumers, WriteFlow.start(queues, writeInterval));
    }

    /** Stops the writes and the consumers. */
    @Override
    public void close() {
        writes.close();
        consumers.close();
    }
}
