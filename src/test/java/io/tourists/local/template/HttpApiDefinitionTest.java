package io.tourists.local.template;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** template.yaml's HTTP API as the local front reads it: routes, their functions, their authorization. */
class HttpApiDefinitionTest {

    private static final Map<String, String> PSEUDO = Map.of("AWS::Region", "us-east-1",
            "AWS::AccountId", "000000000000", "AWS::StackName", "local", "AWS::Partition", "aws");
    private static final List<String> READS = List.of("GET /tourists/{id}", "GET /tourists/{id}/writes/{writeId}");
    private static final List<String> EXPORTS = List.of("GET /tourists", "GET /tourists/changes");

    private static HttpApiDefinition deployedWith(Map<String, String> parameters) {
        return PipelineTemplate.read(Path.of("template.yaml"), parameters, PSEUDO).httpApi("local");
    }

    private static Map<String, RouteDefinition> byKey(HttpApiDefinition api) {
        return api.routes().stream().collect(Collectors.toMap(RouteDefinition::routeKey, Function.identity()));
    }

    @Test
    void shouldReadEveryRoute_andTheFunctionItsIntegrationInvokes() {
        var routes = byKey(deployedWith(Map.of()));

        assertThat(routes.keySet()).containsExactlyInAnyOrder("POST /tourists", "POST /tourists/batch",
                "PUT /tourists/{id}", "DELETE /tourists/{id}", "$default", "GET /tourists/{id}",
                "GET /tourists/{id}/writes/{writeId}", "GET /tourists", "GET /tourists/changes");
        routes.forEach((key, route) -> assertThat(route.functionLogicalId()).as(key)
                .isEqualTo(READS.contains(key) || EXPORTS.contains(key) ? "ReadFunction" : "ApiFunction"));
    }

    @Test
    void withTheDefaults_everyRouteIsIam_andTheAccessPoliciesNameThisApi() {
        var api = deployedWith(Map.of());

        assertThat(api.routes()).allSatisfy(route ->
                assertThat(route.authorization()).isEqualTo(new RouteAuthorization.Iam()));
        assertThat(api.apiLogicalId()).contains("HttpApi");
        var policies = api.accessPolicies().stream()
                .collect(Collectors.toMap(AccessPolicy::logicalId, Function.identity()));
        assertThat(policies.keySet()).containsExactlyInAnyOrder("ReadAccessPolicy", "ExportAccessPolicy",
                "WriteAccessPolicy");
        var uuid = "????????-????-????-????-????????????";
        assertThat(policies.get("ReadAccessPolicy").statements()).singleElement().satisfies(statement -> {
            assertThat(statement.effect()).isEqualTo("Allow");
            assertThat(statement.actions()).containsExactly("execute-api:Invoke");
            assertThat(statement.resources()).containsExactly(
                    "arn:aws:execute-api:us-east-1:000000000000:local/*/GET/tourists/" + uuid,
                    "arn:aws:execute-api:us-east-1:000000000000:local/*/GET/tourists/" + uuid + "/writes/*");
        });
        assertThat(policies.get("ExportAccessPolicy").statements()).singleElement().satisfies(statement ->
                assertThat(statement.resources()).containsExactly(
                        "arn:aws:execute-api:us-east-1:000000000000:local/*/GET/tourists",
                        "arn:aws:execute-api:us-east-1:000000000000:local/*/GET/tourists/changes"));
    }

    @Test
    void withAnIssuer_everyRouteIsJwt_withItsScope_andThereIsNoAccessPolicy() {
        var api = deployedWith(Map.of("JwtIssuer", "https://issuer.example", "JwtAudience", "one,two"));

        byKey(api).forEach((key, route) -> assertThat(route.authorization()).as(key).isEqualTo(
                new RouteAuthorization.Jwt("HttpApiJwtAuthorizer", "Authorization", "https://issuer.example",
                        List.of("one", "two"), List.of(READS.contains(key) ? "tourists/read"
                        : EXPORTS.contains(key) ? "tourists/export" : "tourists/write"))));
        assertThat(api.accessPolicies()).isEmpty();
    }

    @Test
    void withTheOptOut_everyRouteIsOpen() {
        var api = deployedWith(Map.of("AllowUnauthenticatedAccess", "true"));

        assertThat(api.routes()).allSatisfy(route ->
                assertThat(route.authorization()).isEqualTo(new RouteAuthorization.None()));
    }

    @Test
    void aTemplateWithoutRoutes_hasNone() {
        var template = SamTemplate.parse("""
                Resources:
                  ApiFunction:
                    Type: AWS::Serverless::Function
                """);

        var api = HttpApiDefinition.read(template, new TemplateValues(template, Map.of(), PSEUDO, Map.of()), "local");

        assertThat(api.routes()).isEmpty();
        assertThat(api.apiLogicalId()).isEmpty();
    }

    @Test
    void anAuthorizerItCannotEmulate_isRefused_notIgnored() {
        var template = SamTemplate.parse(routeBehind("CUSTOM"));

        assertThatThrownBy(() -> HttpApiDefinition.read(template,
                new TemplateValues(template, Map.of(), PSEUDO, Map.of()), "local"))
                .isInstanceOf(TemplateException.class).hasMessageContaining("CUSTOM is not emulated");
    }

    /** An HTTP API with one route, GET /things, to one function, behind this authorization type. */
    private static String routeBehind(String authorizationType) {
        return """
                Resources:
                  Api:
                    Type: AWS::ApiGatewayV2::Api
                  Fn:
                    Type: AWS::Serverless::Function
                  Integration:
                    Type: AWS::ApiGatewayV2::Integration
                    Properties:
                      IntegrationUri: !GetAtt Fn.Arn
                  Route:
                    Type: AWS::ApiGatewayV2::Route
                    Properties:
                      ApiId: !Ref Api
                      RouteKey: GET /things
                      Target: !Sub integrations/${Integration}
                      AuthorizationType: %s
                """.formatted(authorizationType);
    }

    /** A route behind IAM and one access policy; the policy's statement gets the extra lines given. */
    private static SamTemplate iamTemplateWithStatement(String extra) {
        return SamTemplate.parse(routeBehind("AWS_IAM") + """
                  CallerPolicy:
                    Type: AWS::IAM::ManagedPolicy
                    Properties:
                      PolicyDocument:
                        Version: '2012-10-17'
                        Statement:
                          - Effect: Allow
                            Action: execute-api:Invoke
                            Resource: !Sub arn:aws:execute-api:${AWS::Region}:${AWS::AccountId}:${Api}/*
                          - Sid: Second
                            Effect: Allow
                """ + extra.indent(12));
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"Condition", "NotAction", "NotResource", "Principal"})
    void aPolicyStatementWithWhatTheFrontCannotEvaluate_isRefused_namingThePolicyAndTheStatement(String key) {
        var extra = switch (key) {
            case "Condition" -> "Action: execute-api:Invoke\nResource: '*'\nCondition: {IpAddress: {aws:SourceIp: 10.0.0.0/8}}";
            case "NotAction" -> "NotAction: execute-api:ManageConnections\nResource: '*'";
            case "NotResource" -> "Action: execute-api:Invoke\nNotResource: arn:aws:execute-api:*:*:*/*/DELETE/*";
            default -> "Principal: '*'\nAction: execute-api:Invoke\nResource: '*'";
        };
        var template = iamTemplateWithStatement(extra);

        assertThatThrownBy(() -> HttpApiDefinition.read(template,
                new TemplateValues(template, Map.of(), PSEUDO, Map.of("Api", "local")), "local"))
                .isInstanceOf(TemplateException.class)
                .hasMessageStartingWith("CallerPolicy.PolicyDocument.Statement[1] (Sid Second) has " + key + ":");
    }

    @Test
    void aPolicyStatementOfEffectActionAndResource_isRead() {
        var template = iamTemplateWithStatement("Action: [execute-api:Invoke]\nResource: '*'");

        var api = HttpApiDefinition.read(template, new TemplateValues(template, Map.of(), PSEUDO, Map.of("Api", "local")),
                "local");

        assertThat(api.accessPolicies()).singleElement().satisfies(policy ->
                assertThat(policy.statements()).extracting(AccessPolicy.Statement::resources).containsExactly(
                        List.of("arn:aws:execute-api:us-east-1:000000000000:local/*"), List.of("*")));
    }
}
