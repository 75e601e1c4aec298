package io.tourists.local.template;

import java.util.List;

/** What an HTTP API route requires of a caller, as the template deploys it (its AuthorizationType). */
public sealed interface RouteAuthorization {

    /** {@code NONE}: anyone. */
    record None() implements RouteAuthorization {}

    /** {@code AWS_IAM}: a SigV4-signed request from a principal whose IAM policy allows execute-api:Invoke on it. */
    record Iam() implements RouteAuthorization {}

    /**
     * {@code JWT}: a token from the authorizer's issuer, for one of its audiences, with one of the route's scopes.
     *
     * @param header the request header the token comes from (the authorizer's IdentitySource), e.g. Authorization
     * @param scopes the route's AuthorizationScopes; empty when the route asks for none
     */
    record Jwt(String authorizer, String header, String issuer, List<String> audiences, List<String> scopes)
            implements RouteAuthorization {
        public Jwt {
            audiences = List.copyOf(audiences);
            scopes = List.copyOf(scopes);
        }
    }

    /** How the template writes it. */
    default String authorizationType() {
        return switch (this) {
            case None none -> "NONE";
            case Iam iam -> "AWS_IAM";
            case Jwt jwt -> "JWT";
        };
    }
}
