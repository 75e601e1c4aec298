package io.tourists.local.http;

import static org.assertj.core.api.Assertions.assertThat;

import io.tourists.http.Route;
import io.tourists.local.template.RouteAuthorization;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class HttpApiRouterTest {

    private static final RouteAuthorization IAM = new RouteAuthorization.Iam();
    private static final RouteAuthorization OPEN = new RouteAuthorization.None();

    private static HttpApiRouter.Entry entry(String routeKey, Route.Function function, RouteAuthorization authorization) {
        return new HttpApiRouter.Entry(routeKey, function, authorization);
    }

    private final HttpApiRouter router = new HttpApiRouter(List.of(
            entry("POST /tourists", Route.Function.WRITE_API, IAM),
            entry("POST /tourists/batch", Route.Function.WRITE_API, IAM),
            entry("POST /tourists/{id}", Route.Function.WRITE_API, OPEN),
            entry("GET /tourists/{id}", Route.Function.READ, IAM),
            entry("GET /tourists/{id}/writes/{writeId}", Route.Function.READ, IAM),
            entry("ANY /files/{path+}", Route.Function.READ, OPEN),
            entry("GET /files/{path+}", Route.Function.WRITE_API, OPEN),
            entry("$default", Route.Function.WRITE_API, IAM)));

    @Test
    void shouldTakeTheRouteForTheMethodAndPath_withItsVariablesDecoded_andItsAuthorization() {
        var route = router.route("GET", "/tourists/a%20b/writes/c+d").orElseThrow();

        assertThat(route).isEqualTo(new HttpApiRoute("GET /tourists/{id}/writes/{writeId}",
                Map.of("id", "a b", "writeId", "c+d"), Route.Function.READ, IAM));
    }

    @Test
    void shouldPreferALiteralSegmentToAVariable() {
        assertThat(router.route("POST", "/tourists/batch").orElseThrow().routeKey()).isEqualTo("POST /tourists/batch");
        assertThat(router.route("POST", "/tourists/other").orElseThrow().routeKey()).isEqualTo("POST /tourists/{id}");
    }

    @Test
    void shouldPreferTheMethodToAny_andTakeTheRestOfThePathIntoAGreedyVariable() {
        assertThat(router.route("GET", "/files/a/b").orElseThrow())
                .isEqualTo(new HttpApiRoute("GET /files/{path+}", Map.of("path", "a/b"), Route.Function.WRITE_API, OPEN));
        assertThat(router.route("DELETE", "/files/a").orElseThrow().routeKey()).isEqualTo("ANY /files/{path+}");
    }

    @Test
    void shouldFallBackToDefault_forAnUnknownMethodOrPath_orAnEmptyVariable() {
        assertThat(router.route("PATCH", "/tourists/1").orElseThrow())
                .isEqualTo(new HttpApiRoute("$default", Map.of(), Route.Function.WRITE_API, IAM));
        assertThat(router.route("GET", "/elsewhere").orElseThrow().routeKey()).isEqualTo("$default");
        assertThat(router.route("GET", "/tourists//writes/1").orElseThrow().routeKey()).isEqualTo("$default");
        assertThat(router.route("GET", "/files").orElseThrow().routeKey()).isEqualTo("$default");
    }

    @Test
    void shouldFindNoRoute_whenNothingMatchesAndThereIsNoDefault() {
        var withoutDefault = new HttpApiRouter(List.of(entry("GET /tourists/{id}", Route.Function.READ, OPEN)));

        assertThat(withoutDefault.route("GET", "/tourists/1")).isPresent();
        assertThat(withoutDefault.route("POST", "/tourists")).isEmpty();
    }

    @Test
    void theBuiltInRoutes_sendReadsToTheReadFunction_andTheRestToTheWriteApi() {
        assertThat(HttpApiRouter.BUILT_IN.route("GET", "/tourists/x/").orElseThrow())
                .isEqualTo(new HttpApiRoute("GET /tourists/{id}", Map.of("id", "x"), Route.Function.READ));
        assertThat(HttpApiRouter.BUILT_IN.route("POST", "/tourists").orElseThrow())
                .isEqualTo(new HttpApiRoute("$default", Map.of(), Route.Function.WRITE_API));
    }
}
