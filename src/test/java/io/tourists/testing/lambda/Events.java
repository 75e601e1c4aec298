package io.tourists.testing.lambda;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.UUID;

/**
 * AWS's own event JSON for each function, from src/test/resources/events (captured from API Gateway's HTTP API
 * and the SQS event source mapping) and EventBridge's scheduled event, with fresh ids so every cold start does
 * real work: the write API enqueues, the consumer applies a new write, the read function finds the tourist the
 * consumer wrote, the prune function deletes what is older than the retention window.
 */
public final class Events {

    private static final ObjectMapper JSON = new ObjectMapper();

    /** The tourist the consumer's events write and the read function's event asks for. */
    public static final UUID TOURIST = UUID.fromString("0190f0e0-0000-7000-8000-00000000c01d");

    private Events() {
    }

    /** The event for a handler, by the function it belongs to. */
    public static String forFunction(String logicalId, String queueArn) {
        return switch (logicalId) {
            case "ConsumerFunction" -> sqs(queueArn);
            case "ReadFunction" -> get();
            case "PruneFunction" -> read("scheduled-event.json").toString();
            // Invoked directly (no ResponseURL): it migrates and answers what it did.
            case "MigrationFunction" -> "{}";
            default -> post();
        };
    }

    /** The write API's sample POST /tourists event. */
    public static String post() {
        return read("post-tourist.json").toString();
    }

    /** The write API's event with an Idempotency-Key: its ids are keyed with the id key's secret. */
    public static String keyedPost(String idempotencyKey) {
        var event = read("post-tourist.json");
        event.withObject("headers").put("idempotency-key", idempotencyKey);
        return event.toString();
    }

    /** {@code POST /tourists/batch} with two creates: the write API sends them with SendMessageBatch. */
    public static String batchPost() {
        var event = read("post-tourist.json");
        var tourist = "{\"firstName\":\"Ada\",\"lastName\":\"Lovelace\",\"email\":\"ada@example.com\","
                + "\"nationality\":\"GB\",\"dateOfBirth\":\"1990-12-10\"}";
        event.put("routeKey", "POST /tourists/batch").put("rawPath", "/tourists/batch")
                .put("body", "{\"writes\":[{\"action\":\"create\",\"tourist\":" + tourist + "},"
                        + "{\"action\":\"create\",\"tourist\":" + tourist + "}]}");
        var context = event.withObject("requestContext");
        context.put("routeKey", "POST /tourists/batch");
        context.withObject("http").put("path", "/tourists/batch");
        event.withObject("headers").remove("content-length");
        return event.toString();
    }

    /** One SQS record whose body is no write message at all: the consumer parks it on the dead-letter queue. */
    public static String poisonMessage(String queueArn) {
        var event = read("sqs-standard-event.json");
        var first = (ObjectNode) event.withArray("Records").get(0);
        event.withArray("Records").removeAll().add(first);
        first.put("messageId", UUID.randomUUID().toString()).put("body", "this is not a write")
                .put("eventSourceARN", queueArn).put("awsRegion", LambdaJvm.REGION);
        first.remove("md5OfBody");
        return event.toString();
    }

    static String get() {
        var event = read("post-tourist.json");
        var path = "/tourists/" + TOURIST;
        event.put("routeKey", "GET /tourists/{id}").put("rawPath", path);
        event.remove("body");
        event.withObject("pathParameters").put("id", TOURIST.toString());
        var context = event.withObject("requestContext");
        context.put("routeKey", "GET /tourists/{id}");
        context.withObject("http").put("method", "GET").put("path", path);
        event.withObject("headers").remove("content-type");
        event.withObject("headers").remove("content-length");
        return event.toString();
    }

    public static String sqs(String queueArn) {
        var event = read("sqs-standard-event.json");
        var records = event.withArray("Records");
        var first = (ObjectNode) records.get(0);
        records.removeAll();
        records.add(first);
        var body = "{\"type\":\"tourist.upserted\",\"schemaVersion\":1,\"writeId\":\"" + UUID.randomUUID()
                + "\",\"touristId\":\"" + TOURIST + "\",\"occurredAt\":\"" + Instant.now().truncatedTo(ChronoUnit.MICROS)
                + "\",\"tourist\":{\"firstName\":\"Ada\",\"lastName\":\"Lovelace\",\"email\":\"ada@example.com\","
                + "\"nationality\":\"GB\",\"dateOfBirth\":\"1990-12-10\"}}";
        first.put("messageId", UUID.randomUUID().toString()).put("body", body).put("eventSourceARN", queueArn)
                .put("awsRegion", LambdaJvm.REGION);
        first.remove("md5OfBody");
        return event.toString();
    }

    /** AWS's SQS event with one record per body, each a copy of the sample record with a new message id. */
    public static String sqsBatch(String queueArn, java.util.List<String> bodies) {
        var event = read("sqs-standard-event.json");
        var records = event.withArray("Records");
        var sample = (ObjectNode) records.get(0);
        sample.put("eventSourceARN", queueArn).put("awsRegion", LambdaJvm.REGION);
        sample.remove("md5OfBody");
        records.removeAll();
        for (var body : bodies) {
            records.add(sample.deepCopy().put("messageId", UUID.randomUUID().toString()).put("body", body));
        }
        return event.toString();
    }

    private static ObjectNode read(String name) {
        try (var in = Events.class.getResourceAsStream("/events/" + name)) {
            if (in == null) {
                throw new IllegalStateException("missing test resource events/" + name);
            }
            return (ObjectNode) JSON.readTree(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
