package io.tourists.local.auth;

import static org.assertj.core.api.Assertions.assertThat;

import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import io.tourists.http.Route;
import io.tourists.local.http.HttpApiGateway;
import io.tourists.local.http.HttpApiPayloads;
import io.tourists.local.http.HttpApiRequest;
import io.tourists.local.http.HttpApiRoute;
import io.tourists.local.http.HttpApiRouter;
import io.tourists.local.lambda.ExecutionEnvironments;
import io.tourists.local.template.FunctionDefinition;
import io.tourists.local.template.HttpApiDefinition;
import io.tourists.local.template.PipelineTemplate;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Who gets past the local HTTP API on each route of template.yaml, over real HTTP, with stand-in functions that
 * record what reaches them: with --authorizer jwt (the template deployed with the runtime's own issuer) and with
 * --authorizer iam (the template's defaults). A refused request never reaches a function.
 */
class LocalAuthorizersIT {

    private static final String REGION = "us-east-1";
    private static final String ID = "019cec37-b67b-7123-9456-fedcba987654";
    private static final Map<String, Route.Function> FUNCTIONS = Map.of(
            "ApiFunction", Route.Function.WRITE_API, "ReadFunction", Route.Function.READ);

    /** Each route of the template, and a request that reaches it. */
    static List<String[]> routes() {
        return List.of(
                new String[] {"POST /tourists", "POST", "/tourists", "tourists/write", "WriteAccessPolicy"},
                new String[] {"POST /tourists/batch", "POST", "/tourists/batch", "tourists/write", "WriteAccessPolicy"},
                new String[] {"PUT /tourists/{id}", "PUT", "/tourists/" + ID, "tourists/write", "WriteAccessPolicy"},
                new String[] {"DELETE /tourists/{id}", "DELETE", "/tourists/" + ID, "tourists/write", "WriteAccessPolicy"},
                new String[] {"$default", "PATCH", "/tourists/" + ID, "tourists/write", null},
                new String[] {"GET /tourists/{id}", "GET", "/tourists/" + ID, "tourists/read", "ReadAccessPolicy"},
                new String[] {"GET /tourists", "GET", "/tourists?limit=5", "tourists/export", "ExportAccessPolicy"},
                new String[] {"GET /tourists/changes", "GET", "/tourists/changes", "tourists/export",
                        "ExportAccessPolicy"},
                new String[] {"GET /tourists/{id}/writes/{writeId}", "GET", "/tourists/" + ID + "/writes/" + ID + "?x=1&a=2",
                        "tourists/read", "ReadAccessPolicy"});
    }

    private final HttpClient http = HttpClient.newHttpClient();
    private final List<APIGatewayV2HTTPEvent> received = new CopyOnWriteArrayList<>();
    private HttpApiGateway gateway;
    private LocalJwtIssuer issuer;

    @AfterEach
    void stop() {
        if (gateway != null) {
            gateway.close();
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("routes")
    void withJwt_eachRouteRefusesAMissingBadExpiredOrWrongScopedToken_andLetsTheRightOneThrough(
            String routeKey, String method, String path, String scope, String policy) throws Exception {
        start(Map.of("JwtIssuer", LocalJwtIssuer.ISSUER, "JwtAudience", LocalJwtIssuer.AUDIENCE));
        var now = Instant.now();
        var valid = issuer.accessToken("client-7", List.of(scope), now, Duration.ofMinutes(5));
        var otherScope = scope.equals("tourists/read") ? "tourists/write" : "tourists/read";
        var parts = valid.split("\\.");
        var tampered = parts[0] + "." + Base64.getUrlEncoder().withoutPadding().encodeToString(
                new String(Base64.getUrlDecoder().decode(parts[1])).replace("client-7", "client-8").getBytes()) + "." + parts[2];

        assertRefused(send(method, path, null), 401, "{\"message\":\"Unauthorized\"}");
        assertRefused(send(method, path, "Bearer " + tampered), 401, "signature is not valid");
        assertRefused(send(method, path, "Bearer " + new LocalJwtIssuer(LocalJwtIssuer.ISSUER, LocalJwtIssuer.AUDIENCE)
                .accessToken("client-7", List.of(scope), now, Duration.ofMinutes(5))), 401, "kid is not a key");
        assertRefused(send(method, path, "Bearer " + issuer.accessToken("client-7", List.of(scope),
                now.minus(Duration.ofHours(2)), Duration.ofHours(1))), 401, "expired");
        assertRefused(send(method, path, "Bearer " + issuer.sign(Map.of("iss", LocalJwtIssuer.ISSUER, "aud", "someone-else",
                "scope", scope, "exp", now.getEpochSecond() + 300))), 401, "valid audience");
        assertRefused(send(method, path, "Bearer " + issuer.accessToken("client-7", List.of(otherScope), now,
                Duration.ofMinutes(5))), 403, "{\"message\":\"Forbidden\"}");
        assertThat(received).as("no refused request reaches the function").isEmpty();

        var allowed = send(method, path, valid);

        assertThat(allowed.statusCode()).isEqualTo(200);
        var event = received.getFirst();
        assertThat(event.getRouteKey()).isEqualTo(routeKey);
        var jwt = event.getRequestContext().getAuthorizer().getJwt();
        assertThat(jwt.getClaims()).containsEntry("sub", "client-7").containsEntry("client_id", LocalJwtIssuer.AUDIENCE)
                .containsEntry("scope", scope).containsEntry("exp", Long.toString(now.getEpochSecond() + 300));
        assertThat(jwt.getScopes()).containsExactly(scope);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("routes")
    void withIam_eachRouteRefusesAnUnsignedBadlySignedStaleOrUnallowedRequest_andLetsItsPolicysUserThrough(
            String routeKey, String method, String path, String scope, String policy) throws Exception {
        start(Map.of());
        var uri = URI.create(gateway.uri() + path);
        var body = method.equals("POST") || method.equals("PUT") ? "{\"firstName\":\"Ada\"}" : null;
        var other = "ReadAccessPolicy".equals(policy) ? "WriteAccessPolicy" : "ReadAccessPolicy";
        var secret = LocalAuthorizers.iamSecret();

        assertRefused(send(method, path, null), 403, "{\"message\":\"Forbidden\"}");
        assertRefused(http.send(SignedRequests.signed(method, uri, "application/json", body, other, secret, REGION),
                HttpResponse.BodyHandlers.ofString()), 403, "is not authorized to perform: execute-api:Invoke");
        assertRefused(http.send(SignedRequests.signed(method, uri, "application/json", body, "ReadAccessPolicy", "wrong",
                REGION), HttpResponse.BodyHandlers.ofString()), 403, "signature we calculated does not match");
        assertRefused(http.send(SignedRequests.signed(method, uri, "application/json", body, "SomeoneElse", secret,
                REGION), HttpResponse.BodyHandlers.ofString()), 403, "security token included in the request is invalid");
        assertRefused(http.send(SignedRequests.signed(method, uri, "application/json", body, "ReadAccessPolicy", secret,
                REGION, Instant.now().minus(Duration.ofMinutes(20))), HttpResponse.BodyHandlers.ofString()), 403,
                "Signature expired");
        if (policy == null) {
            // $default: neither policy grants unknown routes, so every signed caller is refused (403, not 404).
            assertRefused(http.send(SignedRequests.signed(method, uri, "application/json", body, "WriteAccessPolicy",
                    secret, REGION), HttpResponse.BodyHandlers.ofString()), 403, "is not authorized");
            assertThat(received).isEmpty();
            return;
        }
        assertThat(received).as("no refused request reaches the function").isEmpty();

        var allowed = http.send(SignedRequests.signed(method, uri, "application/json", body, policy, secret, REGION),
                HttpResponse.BodyHandlers.ofString());

        assertThat(allowed.statusCode()).isEqualTo(200);
        var event = received.getFirst();
        assertThat(event.getRouteKey()).isEqualTo(routeKey);
        var iam = event.getRequestContext().getAuthorizer().getIam();
        assertThat(iam.getUserArn()).isEqualTo("arn:aws:iam::000000000000:user/" + policy);
        assertThat(iam.getAccessKey()).isEqualTo(policy);
        assertThat(iam.getAccountId()).isEqualTo("000000000000");
    }

    /** Refused with API Gateway's status and body; the reason is in the body or the www-authenticate header. */
    private static void assertRefused(HttpResponse<String> response, int status, String reason) {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(status);
        if (status == 401) {
            assertThat(response.body()).isEqualTo("{\"message\":\"Unauthorized\"}");
        }
        assertThat(response.body() + response.headers().firstValue("www-authenticate").orElse("")).contains(reason);
        assertThat(response.headers().firstValue("x-correlation-id")).as("answered before any function").isEmpty();
    }

    private HttpResponse<String> send(String method, String path, String authorization) throws Exception {
        var request = HttpRequest.newBuilder(URI.create(gateway.uri() + path))
                .method(method, HttpRequest.BodyPublishers.noBody());
        if (authorization != null) {
            request.header("Authorization", authorization.startsWith("Bearer ") ? authorization : "Bearer " + authorization);
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    /** The front with template.yaml's routes as deployed with these parameters, and the local authorizers. */
    private void start(Map<String, String> parameters) throws Exception {
        var template = PipelineTemplate.read(Path.of("template.yaml"), parameters, Map.of("AWS::Region", REGION,
                "AWS::AccountId", "000000000000", "AWS::StackName", "local", "AWS::Partition", "aws"));
        HttpApiDefinition api = template.httpApi("local");
        issuer = new LocalJwtIssuer(LocalJwtIssuer.ISSUER, LocalJwtIssuer.AUDIENCE);
        var authorizers = new LocalAuthorizers(Optional.of(issuer), api.accessPolicies(), REGION, "000000000000", "local");
        var router = new HttpApiRouter(api.routes().stream().map(route -> new HttpApiRouter.Entry(route.routeKey(),
                FUNCTIONS.get(route.functionLogicalId()), route.authorization())).toList());
        gateway = HttpApiGateway.start("127.0.0.1", 0, new HttpApiGateway.Routing(router,
                Map.of(Route.Function.WRITE_API, recording("ApiFunction"), Route.Function.READ, recording("ReadFunction")),
                authorizers), new HttpApiPayloads.Api("local", "000000000000"), new HttpApiGateway.Listener() {
                    @Override
                    public void answered(HttpApiRequest request, HttpApiRoute route, String function,
                                         HttpApiPayloads.Response response, Duration took) {
                    }

                    @Override
                    public void notice(String line) {
                    }
                });
    }

    private HttpApiGateway.HttpFunction recording(String name) {
        RequestHandler<APIGatewayV2HTTPEvent, APIGatewayV2HTTPResponse> handler = (event, context) -> {
            received.add(event);
            return APIGatewayV2HTTPResponse.builder().withStatusCode(200).withBody("{}").build();
        };
        return new HttpApiGateway.HttpFunction(new FunctionDefinition(name, name, Duration.ofSeconds(5), 512,
                OptionalInt.empty()), new ExecutionEnvironments<>(name, OptionalInt.of(2),
                () -> new ExecutionEnvironments.Environment<>(handler, () -> {
                })));
    }
}
