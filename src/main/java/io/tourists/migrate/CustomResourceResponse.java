package io.tourists.migrate;

import io.tourists.json.Json;
import java.io.IOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The answer to CloudFormation: one HTTPS PUT of a JSON document to the request's presigned S3 URL. No
 * Content-Type header: the URL is signed without one. Inside a VPC without NAT, the S3 gateway endpoint
 * (template.yaml) is the route to it.
 * https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/crpg-ref-responses.html
 */
public final class CustomResourceResponse {

    /** CloudFormation shows the reason in the stack's events; the whole answer must stay under 4 KB. */
    static final int MAX_REASON_CHARS = 1_000;

    /** The answer: SUCCESS with data, or FAILED with the reason the deploy shows. */
    public sealed interface Outcome {
        record Success(String physicalResourceId, Map<String, String> data) implements Outcome {}

        record Failure(String physicalResourceId, String reason) implements Outcome {}
    }

    private final HttpClient http;

    public CustomResourceResponse(HttpClient http) {
        this.http = http;
    }

    public static CustomResourceResponse withDefaultClient() {
        return new CustomResourceResponse(HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build());
    }

    /** Sends the answer; throws when S3 does not take it (CloudFormation then waits until its timeout). */
    public void send(CustomResourceRequest request, Outcome outcome) throws IOException, InterruptedException {
        var body = body(request, outcome);
        var put = HttpRequest.newBuilder(request.responseUrl())
                .timeout(Duration.ofSeconds(30))
                .PUT(HttpRequest.BodyPublishers.ofString(body))
                .build();
        var answer = http.send(put, HttpResponse.BodyHandlers.ofString());
        if (answer.statusCode() / 100 != 2) {
            throw new IOException("the response URL answered " + answer.statusCode() + ": " + answer.body());
        }
    }

    static String body(CustomResourceRequest request, Outcome outcome) {
        var document = new LinkedHashMap<String, Object>();
        switch (outcome) {
            case Outcome.Success success -> {
                document.put("Status", "SUCCESS");
                document.put("PhysicalResourceId", success.physicalResourceId());
                document.put("Data", success.data());
            }
            case Outcome.Failure failure -> {
                document.put("Status", "FAILED");
                document.put("Reason", shorten(failure.reason()));
                document.put("PhysicalResourceId", failure.physicalResourceId());
            }
        }
        document.put("StackId", request.stackId());
        document.put("RequestId", request.requestId());
        document.put("LogicalResourceId", request.logicalResourceId());
        return Json.write(document);
    }

    private static String shorten(String reason) {
        return reason.length() <= MAX_REASON_CHARS ? reason : reason.substring(0, MAX_REASON_CHARS - 1) + "…";
    }
}
