package io.tourists.local;

import io.tourists.http.Route;
import io.tourists.local.auth.LocalAuthorizers;
import io.tourists.local.auth.LocalJwtIssuer;
import io.tourists.local.http.HttpApiAuthorizer;
import io.tourists.local.http.HttpApiGateway;
import io.tourists.local.http.HttpApiRouter;
import io.tourists.local.template.HttpApiDefinition;
import io.tourists.local.template.PipelineTemplate;
import io.tourists.local.template.RouteDefinition;
import io.tourists.local.template.TemplateException;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The HTTP API's routes and who may call them, for the chosen {@code --authorizer}. With none, the template's routes
 * are served open, as {@code sam local} does. With jwt, the template is read as deployed with JwtIssuer set to the
 * runtime's own issuer; with iam, as deployed with the defaults; either way each route requires what its
 * AuthorizationType says, and the front enforces it.
 */
final class ApiAuthorization {

    static final String JWT_ISSUER = "JwtIssuer";
    static final String JWT_AUDIENCE = "JwtAudience";
    private static final Map<String, Route.Function> FUNCTIONS = Map.of(
            PipelineTemplate.API_FUNCTION, Route.Function.WRITE_API, PipelineTemplate.READ_FUNCTION, Route.Function.READ);

    private final RuntimeSettings.Authorizer mode;
    private final HttpApiDefinition api;
    private final Optional<LocalAuthorizers> authorizers;
    private final String region;

    private ApiAuthorization(RuntimeSettings.Authorizer mode, HttpApiDefinition api,
                             Optional<LocalAuthorizers> authorizers, String region) {
        this.mode = mode;
        this.api = api;
        this.authorizers = authorizers;
        this.region = region;
    }

    /** The template's parameters for this mode: the user's overrides, and with jwt the local issuer. */
    static Map<String, String> parameters(RuntimeSettings.Authorizer mode, Map<String, String> overrides) {
        var parameters = new LinkedHashMap<>(overrides);
        var issuer = Optional.ofNullable(overrides.get(JWT_ISSUER)).filter(value -> !value.isBlank());
        switch (mode) {
            case NONE -> { }
            case JWT -> {
                if (issuer.isPresent()) {
                    throw new IllegalArgumentException("--authorizer jwt issues its own tokens: leave out --param "
                            + JWT_ISSUER + " (the local issuer is " + LocalJwtIssuer.ISSUER + ")");
                }
                parameters.put(JWT_ISSUER, LocalJwtIssuer.ISSUER);
                parameters.putIfAbsent(JWT_AUDIENCE, LocalJwtIssuer.AUDIENCE);
            }
            case IAM -> {
                if (issuer.isPresent()) {
                    throw new IllegalArgumentException("--authorizer iam runs the template as deployed without a JWT"
                            + " issuer: leave out --param " + JWT_ISSUER);
                }
            }
        }
        return parameters;
    }

    static ApiAuthorization of(RuntimeSettings.Authorizer mode, PipelineTemplate template, String apiId,
                               String region, String accountId) {
        var api = template.httpApi(apiId);
        if (api.routes().isEmpty()) {
            if (mode != RuntimeSettings.Authorizer.NONE) {
                throw new TemplateException("--authorizer " + mode.name().toLowerCase(java.util.Locale.ROOT)
                        + " enforces the template's routes, and it declares none (AWS::ApiGatewayV2::Route)");
            }
            return new ApiAuthorization(mode, api, Optional.empty(), region);
        }
        api.routes().forEach(route -> {
            if (!FUNCTIONS.containsKey(route.functionLogicalId())) {
                throw new TemplateException("route " + route.routeKey() + " invokes " + route.functionLogicalId()
                        + ", which the local runtime does not run behind its HTTP API");
            }
        });
        if (mode == RuntimeSettings.Authorizer.NONE) {
            return new ApiAuthorization(mode, api, Optional.empty(), region);
        }
        var issuer = mode == RuntimeSettings.Authorizer.JWT
                ? Optional.of(new LocalJwtIssuer(LocalJwtIssuer.ISSUER, audience(template)))
                : Optional.<LocalJwtIssuer>empty();
        return new ApiAuthorization(mode, api,
                Optional.of(new LocalAuthorizers(issuer, api.accessPolicies(), region, accountId, apiId)), region);
    }

    /** The first audience the authorizer accepts: what the local tokens carry. */
    private static String audience(PipelineTemplate template) {
        return template.values(Map.of()).parameterValue(JWT_AUDIENCE).map(value -> value.split(",")[0].strip())
                .filter(value -> !value.isEmpty()).orElse(LocalJwtIssuer.AUDIENCE);
    }

    HttpApiGateway.Routing routing(Map<Route.Function, HttpApiGateway.HttpFunction> functions) {
        if (api.routes().isEmpty()) {
            return HttpApiGateway.Routing.builtIn(functions);
        }
        // A route's authorization matters only to the authorizers: without them, HttpApiAuthorizer.OPEN lets all in.
        var entries = api.routes().stream().map(route -> new HttpApiRouter.Entry(route.routeKey(),
                FUNCTIONS.get(route.functionLogicalId()), route.authorization())).toList();
        return new HttpApiGateway.Routing(new HttpApiRouter(entries), functions,
                authorizers.<HttpApiAuthorizer>map(given -> given).orElse(HttpApiAuthorizer.OPEN));
    }

    /** Which routes there are and where they go, for the banner. */
    String routes() {
        if (api.routes().isEmpty()) {
            return "GET /tourists/{id} and GET /tourists/{id}/writes/{writeId} -> ReadFunction, $default -> ApiFunction";
        }
        var byFunction = api.routes().stream().collect(java.util.stream.Collectors.groupingBy(
                RouteDefinition::functionLogicalId, LinkedHashMap::new, java.util.stream.Collectors.counting()));
        var parts = new java.util.ArrayList<String>();
        byFunction.forEach((function, count) -> parts.add(count + " -> " + function));
        return "the template's " + api.routes().size() + " routes, " + String.join(", ", parts);
    }

    Optional<LocalJwtIssuer> jwtIssuer() {
        return authorizers.flatMap(LocalAuthorizers::issuer);
    }

    /** What the banner says: where the routes come from, and who may call them. */
    List<String> describe(Instant now) {
        if (api.routes().isEmpty()) {
            return List.of("none: the template declares no routes of its own; these are open to anyone");
        }
        if (authorizers.isEmpty()) {
            return List.of("none: every route is open, as with sam local (--authorizer jwt or iam enforces what the"
                    + " template deploys)");
        }
        var lines = new java.util.ArrayList<>(authorizers.get().describe(api.routes(), region, now));
        lines.set(0, mode.name().toLowerCase(java.util.Locale.ROOT) + ": " + lines.getFirst());
        return lines;
    }
}
