package io.tourists.local.template;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** template.yaml's HTTP API as the local front reads it: routes, their functions, their authorization. */
class HttpApiDefinitionTest {

    private static final Map<String, String> PSEUDO = Map.of("AWS::Region", "us-east-1",
            "AWS::AccountId", "000000000000", "AWS::StackName", "local", "AWS::Partition", "aws");
    private static final List<String> READS = List.of("GET /tourists/{id}", "GET /tourists/{id}/writes/{writeId}");

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
                "GET /tourists/{id}/writes/{writeId}");
        routes.forEach((key, route) -> assertThat(route.functionLogicalId()).as(key)
                .isEqualTo(READS.contains(key) ? "ReadFunction" : "ApiFunction"));
    }

    @Test
    void withTheDefaults_everyRouteIsIam_andTheAccessPoliciesNameThisApi() {
        var api = deployedWith(Map.of());

        assertThat(api.routes()).allSatisfy(route ->
                assertThat(route.authorization()).isEqualTo(new RouteAuthorization.Iam()));
        assertThat(api.apiLogicalId()).contains("HttpApi");
        var policies = api.accessPolicies().stream()
                .collect(Collectors.toMap(AccessPolicy::logicalId, Function.identity()));
        assertThat(policies.keySet()).containsExactlyInAnyOrder("ReadAccessPolicy", "WriteAccessPolicy");
        assertThat(policies.get("ReadAccessPolicy").statements()).singleElement().satisfies(statement -> {
            assertThat(statement.effect()).isEqualTo("Allow");
            assertThat(statement.actions()).containsExactly("execute-api:Invoke");
            assertThat(statement.resources()).containsExactly("arn:aws:execute-api:us-east-1:000000000000:local/*/GET/tourists/*");
        });
    }

    @Test
    void withAnIssuer_everyRouteIsJwt_withItsScope_andThereIsNoAccessPolicy() {
        var api = deployedWith(Map.of("JwtIssuer", "https://issuer.example", "JwtAudience", "one,two"));

        byKey(api).forEach((key, route) -> assertThat(route.authorization()).as(key).isEqualTo(
                new RouteAuthorization.Jwt("HttpApiJwtAuthorizer", "Authorization", "https://issuer.example",
                        List.of("one", "two"), List.of(READS.contains(key) ? "tourists/read" : "tourists/write"))));
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
        var template = SamTemplate.parse("""
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
                      AuthorizationType: CUSTOM
                """);

        assertThatThrownBy(() -> HttpApiDefinition.read(template,
                new TemplateValues(template, Map.of(), PSEUDO, Map.of()), "local"))
                .isInstanceOf(TemplateException.class).hasMessageContaining("CUSTOM is not emulated");
    }
}
