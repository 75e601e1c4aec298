package io.tourists.local;

import static org.assertj.core.api.Assertions.assertThat;

import io.tourists.http.Route;
import io.tourists.local.http.HttpApiPayloads;
import io.tourists.local.http.HttpApiRoute;
import io.tourists.local.template.RouteAuthorization;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The status line's "accepted" counts writes on the queue: a batch's accepted items each, not its request. */
class ApiRequestLogTest {

    private static final HttpApiRoute CREATE = route("POST /tourists");
    private static final HttpApiRoute BATCH = route("POST /tourists/batch");

    private static HttpApiRoute route(String routeKey) {
        return new HttpApiRoute(routeKey, Map.of(), Route.Function.WRITE_API, new RouteAuthorization.None());
    }

    private static HttpApiPayloads.Response response(int status, String body) {
        return new HttpApiPayloads.Response(status, List.of(), body.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void aSingleWriteCountsOnceWhenAccepted_andNotWhenRefused() {
        assertThat(ApiRequestLog.acceptedWrites(CREATE, response(202, "{\"status\":\"accepted\"}"))).isEqualTo(1);
        assertThat(ApiRequestLog.acceptedWrites(CREATE, response(400, "{}"))).isZero();
        assertThat(ApiRequestLog.acceptedWrites(CREATE, response(503, "{}"))).isZero();
    }

    @Test
    void aBatchCountsItsAcceptedItems_notItsOthers() {
        var mixed = """
                {"results":[{"index":0,"status":"accepted"},{"index":1,"status":"invalid"},
                 {"index":2,"status":"accepted"},{"index":3,"status":"unknown"},{"index":4,"status":"not-sent"}]}""";

        assertThat(ApiRequestLog.acceptedWrites(BATCH, response(207, mixed))).isEqualTo(2);
        assertThat(ApiRequestLog.acceptedWrites(BATCH, response(202,
                "{\"results\":[{\"index\":0,\"status\":\"accepted\"},{\"index\":1,\"status\":\"accepted\"}]}")))
                .isEqualTo(2);
        assertThat(ApiRequestLog.acceptedWrites(BATCH, response(400, mixed))).isZero();
    }
}
