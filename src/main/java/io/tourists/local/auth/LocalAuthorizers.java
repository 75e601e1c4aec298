package io.tourists.local.auth;

import io.tourists.local.http.HttpApiAuthorizer;
import io.tourists.local.http.HttpApiRequest;
import io.tourists.local.http.HttpApiRoute;
import io.tourists.local.template.AccessPolicy;
import io.tourists.local.template.RouteAuthorization;
import io.tourists.local.template.RouteDefinition;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What the local HTTP API checks before a function runs, route by route, as the template deploys each route: nothing
 * for NONE, a token from the local issuer for JWT, a SigV4 signature by a local user whose policy allows the
 * request for AWS_IAM.
 */
public final class LocalAuthorizers implements HttpApiAuthorizer {

    private final Optional<LocalJwtIssuer> issuer;
    private final JwtAuthorizer jwt;
    private final IamAuthorizer iam;

    /**
     * @param issuer   the local identity provider whose tokens JWT routes accept (their issuer must be its)
     * @param policies the template's access policies: one local IAM user each
     */
    public LocalAuthorizers(Optional<LocalJwtIssuer> issuer, List<AccessPolicy> policies, String region,
                            String accountId, String apiId) {
        this.issuer = issuer;
        this.jwt = new JwtAuthorizer(issuer.map(given -> Map.of(given.issuer(), given.keys())).orElse(Map.of()));
        this.iam = new IamAuthorizer(policies, region, accountId, apiId);
    }

    public Optional<LocalJwtIssuer> issuer() {
        return issuer;
    }

    /** Every local IAM user's secret access key; the access key id is its policy's logical id. */
    public static String iamSecret() {
        return IamAuthorizer.SECRET;
    }

    @Override
    public Decision authorize(HttpApiRequest request, HttpApiRoute route, Instant now) {
        return switch (route.authorization()) {
            case RouteAuthorization.None none -> new Decision.Allowed(Map.of());
            case RouteAuthorization.Iam required -> iam.authorize(request, now);
            case RouteAuthorization.Jwt required -> jwt.authorize(request, required, now);
        };
    }

    /** What the banner says of who may call which route, and how: tokens to copy, or the users to sign as. */
    public List<String> describe(List<RouteDefinition> routes, String region, Instant now) {
        return new AuthorizerBanner(routes, issuer, iam.users(), region).lines(now);
    }
}
