package io.tourists.local.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import io.tourists.http.Route;
import io.tourists.local.lambda.LambdaEvents;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class HttpApiPayloadsTest {

    private static final HttpApiPayloads.Api API = new HttpApiPayloads.Api("local", "000000000000");
    private static final Instant TIME = Instant.parse("2026-03-12T19:03:58.390Z");

    @Test
    void shouldBuildTheEventApiGatewaySends_asTheLambdaRuntimeReadsIt() {
        var headers = new LinkedHashMap<String, List<String>>();
        headers.put("Content-type", List.of("application/json"));
        headers.put("X-custom", List.of("one", "two"));
        headers.put("Cookie", List.of("a=1; b=2"));
        headers.put("Host", List.of("127.0.0.1:3000"));
        headers.put("User-agent", List.of("curl/8.5.0"));
        var request = new HttpApiRequest("POST", "/tourists", "x=1&x=2&y=%20z", "HTTP/1.1", "127.0.0.1", headers,
                "{\"firstName\":\"Ada\"}".getBytes(StandardCharsets.UTF_8));

        var event = LambdaEvents.httpEvent(HttpApiPayloads.requestEvent(request,
                HttpApiRoute.of("POST", "/tourists"), API, "JKJaXmPLvHcESHA=", TIME));

        assertThat(event.getVersion()).isEqualTo("2.0");
        assertThat(event.getRouteKey()).isEqualTo("$default");
        assertThat(event.getRawPath()).isEqualTo("/tourists");
        assertThat(event.getRawQueryString()).isEqualTo("x=1&x=2&y=%20z");
        assertThat(event.getQueryStringParameters()).containsExactlyInAnyOrderEntriesOf(Map.of("x", "1,2", "y", " z"));
        assertThat(event.getHeaders()).containsEntry("content-type", "application/json")
                .containsEntry("x-custom", "one,two")
                .containsEntry("user-agent", "curl/8.5.0")
                .containsEntry("x-forwarded-for", "127.0.0.1")
                .doesNotContainKey("cookie");
        assertThat(event.getCookies()).containsExactly("a=1", "b=2");
        assertThat(event.getPathParameters()).isNull();
        assertThat(event.getBody()).isEqualTo("{\"firstName\":\"Ada\"}");
        assertThat(event.getIsBase64Encoded()).isFalse();
        var context = event.getRequestContext();
        assertThat(context.getAccountId()).isEqualTo("000000000000");
        assertThat(context.getApiId()).isEqualTo("local");
        assertThat(context.getDomainName()).isEqualTo("127.0.0.1");
        assertThat(context.getRequestId()).isEqualTo("JKJaXmPLvHcESHA=");
        assertThat(context.getRouteKey()).isEqualTo("$default");
        assertThat(context.getStage()).isEqualTo("$default");
        assertThat(context.getTime()).isEqualTo("12/Mar/2026:19:03:58 +0000");
        assertThat(context.getTimeEpoch()).isEqualTo(TIME.toEpochMilli());
        assertThat(context.getHttp().getMethod()).isEqualTo("POST");
        assertThat(context.getHttp().getPath()).isEqualTo("/tourists");
        assertThat(context.getHttp().getProtocol()).isEqualTo("HTTP/1.1");
        assertThat(context.getHttp().getSourceIp()).isEqualTo("127.0.0.1");
        assertThat(context.getHttp().getUserAgent()).isEqualTo("curl/8.5.0");
    }

    @Test
    void shouldGiveTheReadRouteItsKeyAndPathParameter() {
        var id = "01a20698-7515-7c6d-b705-15b5ecb38ed7";
        var request = new HttpApiRequest("GET", "/tourists/" + id, null, "HTTP/1.1", "127.0.0.1", Map.of(), new byte[0]);

        var event = LambdaEvents.httpEvent(HttpApiPayloads.requestEvent(request,
                HttpApiRoute.of("GET", "/tourists/" + id), API, "id", TIME));

        assertThat(event.getRouteKey()).isEqualTo("GET /tourists/{id}");
        assertThat(event.getPathParameters()).containsExactly(Map.entry("id", id));
        assertThat(event.getRawQueryString()).isEmpty();
        assertThat(event.getQueryStringParameters()).isNull();
        assertThat(event.getBody()).isNull();
        assertThat(event.getIsBase64Encoded()).isFalse();
    }

    @Test
    void shouldBase64EncodeABody_thatIsNotText() {
        var bytes = new byte[] {0, 1, 2, (byte) 0xff};
        var request = new HttpApiRequest("POST", "/tourists", null, "HTTP/1.1", "127.0.0.1",
                Map.of("Content-type", List.of("application/octet-stream")), bytes);

        var event = LambdaEvents.httpEvent(HttpApiPayloads.requestEvent(request,
                HttpApiRoute.of("POST", "/tourists"), API, "id", TIME));

        assertThat(event.getIsBase64Encoded()).isTrue();
        assertThat(Base64.getDecoder().decode(event.getBody())).isEqualTo(bytes);
    }

    @Test
    void shouldTellTextFromBinary_byContentType() {
        assertThat(HttpApiPayloads.isText("application/json; charset=utf-8")).isTrue();
        assertThat(HttpApiPayloads.isText("application/problem+json")).isTrue();
        assertThat(HttpApiPayloads.isText("text/plain")).isTrue();
        assertThat(HttpApiPayloads.isText("image/png")).isFalse();
        assertThat(HttpApiPayloads.isText(null)).isFalse();
    }

    @Test
    void shouldReadTheFunctionsResponse_asApiGatewayDoes() {
        var response = APIGatewayV2HTTPResponse.builder()
                .withStatusCode(202)
                .withHeaders(Map.of("location", "/tourists/1"))
                .withCookies(List.of("session=abc"))
                .withBody("{\"status\":\"accepted\"}")
                .build();

        var answer = HttpApiPayloads.response(LambdaEvents.httpResponseJson(response), "req");

        assertThat(answer.status()).isEqualTo(202);
        assertThat(answer.headers()).contains(Map.entry("location", "/tourists/1"), Map.entry("set-cookie", "session=abc"),
                Map.entry("apigw-requestid", "req"));
        assertThat(new String(answer.body(), StandardCharsets.UTF_8)).isEqualTo("{\"status\":\"accepted\"}");
    }

    @Test
    void shouldDecodeABase64Response() {
        var response = APIGatewayV2HTTPResponse.builder().withStatusCode(200)
                .withBody(Base64.getEncoder().encodeToString(new byte[] {1, 2, 3})).withIsBase64Encoded(true).build();

        assertThat(HttpApiPayloads.response(LambdaEvents.httpResponseJson(response), "req").body())
                .containsExactly(1, 2, 3);
    }

    @Test
    void shouldTakeAResponseWithoutStatusCode_asA200JsonBody() {
        var answer = HttpApiPayloads.response("{\"hello\":\"world\"}", "req");

        assertThat(answer.status()).isEqualTo(200);
        assertThat(answer.headers()).contains(Map.entry("content-type", "application/json"));
        assertThat(new String(answer.body(), StandardCharsets.UTF_8)).isEqualTo("{\"hello\":\"world\"}");
    }

    @Test
    void shouldRouteOnlyReadsOfOneTouristToTheReadFunction() {
        assertThat(HttpApiRoute.of("GET", "/tourists/01a20698-7515-7c6d-b705-15b5ecb38ed7").function())
                .isEqualTo(Route.Function.READ);
        assertThat(HttpApiRoute.of("GET", "/tourists/not-a-uuid"))
                .isEqualTo(new HttpApiRoute("GET /tourists/{id}", Map.of("id", "not-a-uuid"), Route.Function.READ));
        assertThat(HttpApiRoute.of("PUT", "/tourists/01a20698-7515-7c6d-b705-15b5ecb38ed7").routeKey()).isEqualTo("$default");
        assertThat(HttpApiRoute.of("GET", "/tourists").function()).isEqualTo(Route.Function.WRITE_API);
        assertThat(HttpApiRoute.of("GET", "/elsewhere").function()).isEqualTo(Route.Function.WRITE_API);
    }
}
