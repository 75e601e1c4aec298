package io.tourists.local;

import io.tourists.http.Route;
import io.tourists.local.http.HttpApiGateway;
import io.tourists.local.http.HttpApiRequest;
import io.tourists.local.http.HttpApiRoute;
import java.io.PrintStream;
import java.time.Duration;

/** What the HTTP API reports: accepted writes to the status line, and with --verbose one line per request. */
final class ApiRequestLog implements HttpApiGateway.Listener {

    private final PrintStream out;
    private final PipelineStatus status;
    private final boolean verbose;

    ApiRequestLog(PrintStream out, PipelineStatus status, boolean verbose) {
        this.out = out;
        this.status = status;
        this.verbose = verbose;
    }

    @Override
    public void answered(HttpApiRequest request, HttpApiRoute route, String answeredBy, int statusCode,
                         Duration took) {
        if (route.function() == Route.Function.WRITE_API && statusCode == 202) {
            status.accepted();
        }
        if (verbose) {
            out.println(request.method() + " " + request.rawPath() + " -> " + answeredBy + " " + statusCode
                    + " (" + took.toMillis() + " ms)");
        }
    }

    @Override
    public void notice(String line) {
        out.println("note: " + line);
    }
}
