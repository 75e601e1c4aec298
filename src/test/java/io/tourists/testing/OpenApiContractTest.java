package io.tourists.testing;

import static org.assertj.core.api.Assertions.assertThat;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import com.fasterxml.jackson.databind.JsonNode;
import io.tourists.http.Route;
import io.tourists.http.Routes;
import io.tourists.json.Json;
import io.tourists.local.template.SamTemplate;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * openapi.yaml against what deploys and what routes: template.yaml's HTTP API routes are the document's
 * operations, each operation reaches the function the route table gives it, and the contract check used
 * by the function tests does catch a response that breaks it.
 */
class OpenApiContractTest {

    private static final String TOURIST = "019cec37-b67b-7abc-8def-0123456789ab";
    private static final String WRITE = "019cec37-b67b-7abc-8def-0123456789cd";

    @Test
    void theTemplatesRoutesAreExactlyTheDocumentsOperations() {
        var template = SamTemplate.read(Path.of("template.yaml"));
        var routeKeys = new TreeSet<String>();
        template.resources().forEach((id, resource) -> {
            if ("AWS::ApiGatewayV2::Route".equals(SamTemplate.map(template.resources(), id).get("Type"))) {
                routeKeys.add(String.valueOf(template.properties(id).get("RouteKey")));
            }
        });
        routeKeys.remove("$default");

        var operations = OpenApiContract.operations().stream()
                .map(operation -> operation.method() + " " + operation.pathTemplate())
                .collect(Collectors.toCollection(TreeSet::new));

        assertThat(withoutParameterNames(operations)).isEqualTo(withoutParameterNames(routeKeys));
    }

    @Test
    void everyOperationReachesTheFunctionTheRouteTableGivesIt_andEveryRouteIsDocumented() {
        var documented = new HashMap<Route, String>();
        for (var operation : OpenApiContract.operations()) {
            var path = operation.pathTemplate().replace("{touristId}", TOURIST).replace("{writeId}", WRITE);
            var match = Routes.match(operation.method(), path);
            assertThat(match).as("%s %s", operation.method(), path).isInstanceOf(Routes.Match.Found.class);
            documented.put(((Routes.Match.Found) match).route(), operation.pathTemplate());
        }
        assertThat(documented.keySet()).containsExactlyInAnyOrder(Route.values());
    }

    @Test
    void aResponseThatBreaksTheContractIsCaught() {
        var accepted = response(202, "application/json", """
                {"touristId":"%s","writeId":"%s","status":"accepted","statusUrl":"/tourists/%s/writes/%s"}"""
                .formatted(TOURIST, WRITE, TOURIST, WRITE), Map.of(
                "location", "/tourists/" + TOURIST,
                "link", "</tourists/" + TOURIST + "/writes/" + WRITE + ">; rel=\"monitor\""));
        assertThat(OpenApiContract.problems("POST", "/tourists", accepted)).isEmpty();

        var withoutLink = response(202, "application/json", accepted.getBody(), Map.of("location", "/tourists/" + TOURIST));
        assertThat(OpenApiContract.problems("POST", "/tourists", withoutLink)).containsExactly("required header link is missing");

        var undocumentedStatus = response(418, "application/json", "{}", Map.of());
        assertThat(OpenApiContract.problems("POST", "/tourists", undocumentedStatus))
                .containsExactly("status 418 is not documented for POST /tourists");

        var extraHeader = response(202, "application/json", accepted.getBody(), Map.of("location", "/tourists/" + TOURIST,
                "link", accepted.getHeaders().get("link"), "x-debug", "1"));
        assertThat(OpenApiContract.problems("POST", "/tourists", extraHeader)).containsExactly("header x-debug is not documented");

        var pendingWithAReason = response(200, "application/json", """
                {"touristId":"%s","writeId":"%s","status":"pending","reason":"too-old"}""".formatted(TOURIST, WRITE),
                Map.of("retry-after", "1"));
        assertThat(OpenApiContract.problems("GET", "/tourists/" + TOURIST + "/writes/" + WRITE, pendingWithAReason))
                .isNotEmpty();

        var rejectedWithoutItsReason = response(200, "application/json", """
                {"touristId":"%s","writeId":"%s","status":"rejected"}""".formatted(TOURIST, WRITE), Map.of());
        assertThat(OpenApiContract.problems("GET", "/tourists/" + TOURIST + "/writes/" + WRITE, rejectedWithoutItsReason))
                .isNotEmpty();

        var aTouristWithABadNationality = response(200, "application/json", """
                {"touristId":"%s","firstName":"Ada","lastName":"Lovelace","email":"ada@example.com","nationality":"XX",
                 "dateOfBirth":"1990-12-10","passportNumber":null,
                 "version":{"occurredAt":"2026-11-01T10:00:00Z","writeId":"%s"},"updatedAt":"2026-11-01T10:00:01Z"}"""
                .formatted(TOURIST, WRITE), Map.of("cache-control", "no-cache", "etag", "\"" + WRITE + "\""));
        assertThat(OpenApiContract.problems("GET", "/tourists/" + TOURIST, aTouristWithABadNationality))
                .singleElement().asString().contains("nationality");

        var notModifiedWithABody = response(304, "application/json", "{}",
                Map.of("cache-control", "no-cache", "etag", "\"" + WRITE + "\""));
        assertThat(OpenApiContract.problems("GET", "/tourists/" + TOURIST, notModifiedWithABody))
                .containsExactly("the answer has a body where none is documented");

        var notAProblem = response(404, "application/json", "{\"message\":\"Not Found\"}", Map.of());
        assertThat(OpenApiContract.problems("GET", "/nowhere", notAProblem)).isNotEmpty();
    }

    @Test
    void aLocationOrStatusUrlOf36HyphensBreaksTheContract_onlyAUuidPasses() {
        var hyphens = "-".repeat(36);
        var accepted = response(202, "application/json",
                "{\"touristId\":\"%s\",\"writeId\":\"%s\",\"status\":\"accepted\",\"statusUrl\":\"/tourists/%s/writes/%s\"}"
                        .formatted(TOURIST, WRITE, hyphens, hyphens), Map.of(
                "location", "/tourists/" + hyphens,
                "link", "</tourists/" + hyphens + "/writes/" + hyphens + ">; rel=\"monitor\""));

        var problems = OpenApiContract.problems("POST", "/tourists", accepted);

        assertThat(problems).anySatisfy(problem -> assertThat(problem).startsWith("header location"))
                .anySatisfy(problem -> assertThat(problem).startsWith("header link"))
                .anySatisfy(problem -> assertThat(problem).contains("statusUrl"));
    }

    @Test
    void theDocumentStatesTheUnroutedAnswers_a405WithoutAllowOrEitherWithoutTheTwoHeadersBreaksIt() {
        var problemBody = "{\"type\":\"about:blank\",\"title\":\"Method Not Allowed\",\"status\":405,"
                + "\"detail\":\"PATCH is not allowed here\",\"errors\":[]}";
        var allowed = response(405, "application/problem+json", problemBody, Map.of("allow", "GET, PUT, DELETE"));
        assertThat(OpenApiContract.problems("PATCH", "/tourists/" + TOURIST, allowed)).isEmpty();

        var withoutAllow = response(405, "application/problem+json", problemBody, Map.of());
        assertThat(OpenApiContract.problems("PATCH", "/tourists/" + TOURIST, withoutAllow))
                .containsExactly("required header allow is missing");

        var bare = APIGatewayV2HTTPResponse.builder().withStatusCode(404)
                .withHeaders(Map.of("content-type", "application/problem+json"))
                .withBody(problemBody.replace("405", "404")).build();
        assertThat(OpenApiContract.problems("GET", "/nowhere", bare)).containsExactlyInAnyOrder(
                "required header x-correlation-id is missing", "required header cache-control is missing");
    }

    @Test
    void everyArrayInTheDocumentSaysWhatItsItemsAre() {
        var arrays = new ArrayList<String>();
        arraysWithoutItems(OpenApiContract.document(), "", arrays);

        assertThat(arrays).isEmpty();
    }

    @Test
    void theNamePatternWritesItsCurlyApostropheAsAnEscape_soEveryToolReadsItAsAscii() throws Exception {
        var schema = Json.readTree(Files.readString(Path.of("schema", "tourist-write.v1.schema.json")));
        var pattern = schema.at("/$defs/name/pattern").textValue();

        assertThat(pattern).matches("\\p{ASCII}+").contains("\\u2019");
        assertThat(Pattern.compile(pattern).matcher("O\u2019Brien").matches()).isTrue();
    }

    private static void arraysWithoutItems(JsonNode node, String at, List<String> found) {
        if (node.isObject()) {
            if ("array".equals(node.path("type").textValue()) && !node.has("items") && !node.has("prefixItems")) {
                found.add(at);
            }
            node.fields().forEachRemaining(field -> arraysWithoutItems(field.getValue(), at + "/" + field.getKey(), found));
        } else if (node.isArray()) {
            for (int i = 0; i < node.size(); i++) {
                arraysWithoutItems(node.get(i), at + "/" + i, found);
            }
        }
    }

    /** Every answer carries these two; the checks above are about what else is wrong. */
    private static APIGatewayV2HTTPResponse response(int status, String contentType, String body,
                                                     Map<String, String> headers) {
        var all = new HashMap<String, String>();
        all.put("content-type", contentType);
        all.put("cache-control", "no-store");
        all.put("x-correlation-id", "test-1");
        all.putAll(headers);
        return APIGatewayV2HTTPResponse.builder().withStatusCode(status).withHeaders(all).withBody(body).build();
    }

    private static Set<String> withoutParameterNames(Set<String> routes) {
        return routes.stream().map(route -> Arrays.stream(route.split("/"))
                        .map(segment -> segment.startsWith("{") ? "{}" : segment)
                        .collect(Collectors.joining("/")))
                .collect(Collectors.toCollection(TreeSet::new));
    }
}
