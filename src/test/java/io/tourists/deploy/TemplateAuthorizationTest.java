package io.tourists.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import io.tourists.local.template.SamTemplate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Who may call which route, as template.yaml deploys it. Closed by default: with the default parameters
 * every route requires IAM authorization, so API Gateway refuses an unsigned request, and a signed one whose
 * IAM policy does not allow that route. Reads, exports (the listing and the changes feed) and writes are
 * separate grants, with IAM or with JWT scopes: a caller that may read one tourist may not dump them all.
 * Only AllowUnauthenticatedAccess=true opens the routes, and not when a JWT issuer is given.
 */
class TemplateAuthorizationTest {

    static final String ISSUER = "https://cognito-idp.eu-west-1.amazonaws.com/eu-west-1_Example";

    /** Each route, and a request that reaches it: the method and a path. */
    static final Map<String, String> ROUTES = Map.of(
            "POST /tourists", "POST /tourists",
            "POST /tourists/batch", "POST /tourists/batch",
            "PUT /tourists/{id}", "PUT /tourists/019cec37-b67b-7123-9456-fedcba987654",
            "DELETE /tourists/{id}", "DELETE /tourists/019cec37-b67b-7123-9456-fedcba987654",
            "$default", "PATCH /tourists/019cec37-b67b-7123-9456-fedcba987654",
            "GET /tourists/{id}", "GET /tourists/019cec37-b67b-7123-9456-fedcba987654",
            "GET /tourists/{id}/writes/{writeId}",
            "GET /tourists/019cec37-b67b-7123-9456-fedcba987654/writes/019cec37-b67b-8123-9456-fedcba987655",
            "GET /tourists", "GET /tourists",
            "GET /tourists/changes", "GET /tourists/changes");
    static final List<String> READS = List.of("GET /tourists/{id}", "GET /tourists/{id}/writes/{writeId}");
    static final List<String> EXPORTS = List.of("GET /tourists", "GET /tourists/changes");

    /** Route key to logical id, for every AWS::ApiGatewayV2::Route of the template. */
    static Map<String, String> routes() {
        var routes = new LinkedHashMap<String, String>();
        TemplateTest.TEMPLATE.resources().forEach((id, resource) -> {
            if ("AWS::ApiGatewayV2::Route".equals(SamTemplate.map(TemplateTest.TEMPLATE.resources(), id).get("Type"))) {
                routes.put(String.valueOf(TemplateTest.TEMPLATE.properties(id).get("RouteKey")), id);
            }
        });
        return routes;
    }

    @Test
    void theTemplateHasTheRoutesThisTestKnows() {
        assertThat(routes().keySet()).containsExactlyInAnyOrderElementsOf(ROUTES.keySet());
    }

    @Test
    void withTheDefaultParameters_everyRouteRequiresIamAuthorization_soAnUnsignedRequestIsRefused() {
        var deployed = DeployedTemplate.withDefaults();

        routes().forEach((routeKey, id) -> {
            assertThat(deployed.property(id, "AuthorizationType")).as(routeKey).contains("AWS_IAM");
            assertThat(deployed.property(id, "AuthorizationScopes")).as(routeKey).isEmpty();
        });
        assertThat(deployed.text("HttpApiStage", "StageName")).isEqualTo("$default");
        assertThat(deployed.creates("HttpApiJwtAuthorizer")).isFalse();
    }

    @Test
    void withTheDefaultParameters_aSignedRequestIsAllowedOnlyWhereTheReadExportOrWritePolicyAllowsIt() {
        var deployed = DeployedTemplate.withDefaults();
        var read = invokeArns(deployed, "ReadAccessPolicy");
        var export = invokeArns(deployed, "ExportAccessPolicy");
        var write = invokeArns(deployed, "WriteAccessPolicy");

        ROUTES.forEach((routeKey, request) -> {
            var arn = requestArn(request);
            var isRead = READS.contains(routeKey);
            var isExport = EXPORTS.contains(routeKey);
            var isWrite = !isRead && !isExport && !routeKey.equals("$default");
            assertThat(read.stream().anyMatch(pattern -> pattern.matcher(arn).matches()))
                    .as("the read policy allows %s", request).isEqualTo(isRead);
            assertThat(export.stream().anyMatch(pattern -> pattern.matcher(arn).matches()))
                    .as("the export policy allows %s", request).isEqualTo(isExport);
            assertThat(write.stream().anyMatch(pattern -> pattern.matcher(arn).matches()))
                    .as("the write policy allows %s", request).isEqualTo(isWrite);
        });
        assertThat(deployed.creates("ReadAccessPolicy")).isTrue();
        assertThat(deployed.creates("ExportAccessPolicy")).isTrue();
        assertThat(deployed.creates("WriteAccessPolicy")).isTrue();
    }

    @Test
    void withAJwtIssuer_everyRouteRequiresAnAccessTokenWithTheReadExportOrWriteScope() {
        var deployed = new DeployedTemplate(TemplateTest.TEMPLATE,
                Map.of("JwtIssuer", ISSUER, "JwtAudience", "example-client"));

        routes().forEach((routeKey, id) -> {
            assertThat(deployed.property(id, "AuthorizationType")).as(routeKey).contains("JWT");
            assertThat(deployed.property(id, "AuthorizerId")).as(routeKey).contains(Map.of("Ref", "HttpApiJwtAuthorizer"));
            var scope = READS.contains(routeKey) ? "tourists/read"
                    : EXPORTS.contains(routeKey) ? "tourists/export" : "tourists/write";
            assertThat((List<?>) deployed.property(id, "AuthorizationScopes").orElseThrow()).as(routeKey)
                    .singleElement().satisfies(value -> assertThat(deployed.text(value)).isEqualTo(scope));
        });
        assertThat(deployed.creates("HttpApiJwtAuthorizer")).isTrue();
        assertThat(deployed.creates("ReadAccessPolicy")).isFalse();
        assertThat(deployed.text("HttpApiJwtAuthorizer", "AuthorizerType")).isEqualTo("JWT");
    }

    @ParameterizedTest(name = "JwtIssuer={0}, AllowUnauthenticatedAccess={1}: {2}")
    @CsvSource({"'', false, AWS_IAM", "'', true, NONE", ISSUER + ", false, JWT", ISSUER + ", true, JWT"})
    void onlyTheExplicitOptOutWithoutAnIssuerLeavesRoutesOpen(String issuer, String optOut, String expected) {
        var deployed = new DeployedTemplate(TemplateTest.TEMPLATE,
                Map.of("JwtIssuer", issuer, "JwtAudience", "example-client", "AllowUnauthenticatedAccess", optOut));

        routes().forEach((routeKey, id) ->
                assertThat(deployed.property(id, "AuthorizationType")).as(routeKey).contains(expected));
        var outputs = SamTemplate.map(TemplateTest.TEMPLATE.root(), "Outputs");
        assertThat(deployed.text(SamTemplate.map(outputs, "ApiAuthorization").get("Value"))).isEqualTo(expected);
    }

    @Test
    void theOptOutSaysWhatItDoes_andIsOffByDefault() {
        var parameter = SamTemplate.map(SamTemplate.map(TemplateTest.TEMPLATE.root(), "Parameters"),
                "AllowUnauthenticatedAccess");

        assertThat(parameter.get("Default")).isEqualTo("false");
        assertThat(parameter.get("AllowedValues")).asList().containsExactly("false", "true");
        assertThat(String.valueOf(parameter.get("Description"))).contains("anyone", "no credentials");
    }

    @Test
    void theAccessPoliciesGrantInvokeOnThisApiOnly() {
        for (var policy : List.of("ReadAccessPolicy", "ExportAccessPolicy", "WriteAccessPolicy")) {
            var statements = (List<?>) SamTemplate.map(TemplateTest.TEMPLATE.properties(policy), "PolicyDocument")
                    .get("Statement");
            assertThat(statements).allSatisfy(statement -> {
                var map = (Map<?, ?>) statement;
                assertThat(map.get("Effect")).isEqualTo("Allow");
                assertThat(map.get("Action")).isEqualTo("execute-api:Invoke");
                assertThat((List<?>) map.get("Resource")).allSatisfy(resource ->
                        assertThat(String.valueOf(resource)).contains(":${HttpApi}/"));
            });
        }
    }

    /** The execute-api ARN API Gateway checks a signed request against, for the example deploy. */
    private static String requestArn(String request) {
        var parts = request.split(" ", 2);
        return "arn:aws:execute-api:eu-west-1:123456789012:" + DeployedTemplate.RESOURCE_IDS.get("HttpApi")
                + "/$default/" + parts[0] + parts[1];
    }

    /** The policy's Resource ARNs as patterns: IAM's * matches any run of characters, / included; ? one. */
    private static List<Pattern> invokeArns(DeployedTemplate deployed, String policy) {
        var patterns = new ArrayList<Pattern>();
        var statements = (List<?>) SamTemplate.map(TemplateTest.TEMPLATE.properties(policy), "PolicyDocument")
                .get("Statement");
        for (var statement : statements) {
            for (var resource : (List<?>) ((Map<?, ?>) statement).get("Resource")) {
                var arn = deployed.text(resource);
                patterns.add(Pattern.compile(java.util.Arrays.stream(arn.split("\\*", -1))
                        .map(part -> String.join(".", java.util.Arrays.stream(part.split("\\?", -1))
                                .map(Pattern::quote).toList()))
                        .collect(java.util.stream.Collectors.joining(".*"))));
            }
        }
        return patterns;
    }
}
