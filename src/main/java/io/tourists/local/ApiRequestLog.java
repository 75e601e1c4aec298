package io.tourists.local;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import io.tourists.http.Route;
import io.tourists.json.Json;
import io.tourists.local.dashboard.ApiLatencies;
import io.tourists.local.http.HttpApiGateway;
import io.tourists.local.http.HttpApiPayloads;
import io.tourists.local.http.HttpApiRequest;
import io.tourists.local.http.HttpApiRoute;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

/**
 * What the HTTP API reports: accepted writes to the status line (a batch's accepted items each count), each
 * answer's time to the dashboard's latencies, and with --verbose one line per request.
 */
final class ApiRequestLog implements HttpApiGateway.Listener {

    private static final String BATCH_ROUTE = "POST /tourists/batch";

    private final PrintStream out;
    private final PipelineStatus status;
    private final ApiLatencies latencies;
    private final boolean verbose;

    ApiRequestLog(PrintStream out, PipelineStatus status, ApiLatencies latencies, boolean verbose) {
        this.out = out;
        this.status = status;
        this.latencies = latencies;
        this.verbose = verbose;
    }

    @Override
    public void answered(HttpApiRequest request, HttpApiRoute route, String answeredBy,
                         HttpApiPayloads.Response response, Duration took) {
        latencies.record(took);
        if (route.function() == Route.Function.WRITE_API) {
            status.accepted(acceptedWrites(route, response));
        }
        if (verbose) {
            out.println(request.method() + " " + request.rawPath() + " -> " + answeredBy + " " + response.status()
                    + " (" + took.toMillis() + " ms)");
        }
    }

    /** One for a single write's 202; a batch's 202 or 207 lists each item's status, "accepted" or another. */
    static int acceptedWrites(HttpApiRoute route, HttpApiPayloads.Response response) {
        if (!BATCH_ROUTE.equals(route.routeKey())) {
            return response.status() == 202 ? 1 : 0;
        }
        if (response.status() != 202 && response.status() != 207) {
            return 0;
        }
        JsonNode body;
        try {
            body = Json.readTree(new String(response.body(), StandardCharsets.UTF_8));
        } catch (JsonProcessingException e) {
            return 0;   // not the write API's answer; the contract tests would fail on it
        }
        int accepted = 0;
        for (var result : body.path("results")) {
            if ("accepted".equals(result.path("status").asText())) {
                accepted++;
            }
        }
        return accepted;
    }

    @Override
    public void notice(String line) {
        out.println("note: " + line);
    }
}
