package io.tourists.local.auth;

import io.tourists.local.template.RouteAuthorization;
import io.tourists.local.template.RouteDefinition;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * The banner's lines on authorization: which routes need what, and what to call them with. For JWT, one token per
 * scope the routes ask for, signed by this run's key, as {@code export NAME=token} lines to paste into a shell;
 * for IAM, the local users and what each one's policy allows.
 */
record AuthorizerBanner(List<RouteDefinition> routes, Optional<LocalJwtIssuer> issuer,
                        List<IamAuthorizer.LocalUser> users, String region) {

    /** The first line says what each route requires; the next ones how to meet it. */
    List<String> lines(Instant now) {
        var byType = routes.stream().collect(Collectors.groupingBy(route -> route.authorization().authorizationType(),
                LinkedHashMap::new, Collectors.mapping(RouteDefinition::routeKey, Collectors.toList())));
        var summary = new ArrayList<String>();
        byType.forEach((type, keys) -> summary.add((keys.size() == routes.size() ? "every route" : String.join(", ", keys))
                + " requires " + type));
        var lines = new ArrayList<String>();
        lines.add(String.join("; ", summary) + ", as the template deploys with these parameters");
        jwt(lines, now);
        iam(lines);
        return lines;
    }

    private void jwt(List<String> lines, Instant now) {
        var byScope = new LinkedHashMap<String, List<String>>();
        routes.forEach(route -> {
            if (route.authorization() instanceof RouteAuthorization.Jwt jwt) {
                var scopes = jwt.scopes().isEmpty() ? "(any scope)" : String.join(" or ", jwt.scopes());
                byScope.computeIfAbsent(scopes, key -> new ArrayList<>()).add(route.routeKey());
            }
        });
        if (byScope.isEmpty() || issuer.isEmpty()) {
            return;
        }
        lines.add("JWT: a token from issuer " + issuer.get().issuer() + " for audience " + issuer.get().audience()
                + ", with the route's scope:");
        byScope.forEach((scope, keys) -> lines.add("  " + scope + ": " + String.join(", ", keys)));
        var scopes = routes.stream().map(RouteDefinition::authorization)
                .flatMap(authorization -> authorization instanceof RouteAuthorization.Jwt jwt
                        ? jwt.scopes().stream() : java.util.stream.Stream.empty())
                .distinct().toList();
        if (scopes.isEmpty()) {
            return;
        }
        lines.add("tokens for this run (signed with its key, valid " + LocalJwtIssuer.TOKEN_LIFETIME.toHours()
                + " h): paste these lines into your shell, then send -H \"authorization: Bearer $"
                + variable(scopes.getFirst()) + "\"");
        scopes.forEach(scope -> lines.add("  export " + variable(scope) + "=" + issuer.get().accessToken(
                        "local-" + scope.replaceAll("[^A-Za-z0-9]+", "-"), List.of(scope), now,
                        LocalJwtIssuer.TOKEN_LIFETIME)));
    }

    private void iam(List<String> lines) {
        if (routes.stream().noneMatch(route -> route.authorization() instanceof RouteAuthorization.Iam)) {
            return;
        }
        lines.add("AWS_IAM: sign with SigV4 (service " + SigV4Verifier.SERVICE + ", region " + region
                + ") as a local user; each has one of the template's policies:");
        if (users.isEmpty()) {
            lines.add("  (the template creates no AWS::IAM::ManagedPolicy: no local user, every request is refused)");
        }
        users.forEach(user -> lines.add("  access key " + user.accessKeyId() + ", secret " + IamAuthorizer.SECRET
                + ": " + user.policy().statements().stream().flatMap(statement -> statement.resources().stream()
                .map(resource -> statement.effect() + " " + resource.substring(resource.indexOf('/') + 1)))
                .collect(Collectors.joining(", "))));
        users.stream().findFirst().ifPresent(user -> lines.add("e.g. curl --aws-sigv4 aws:amz:" + region + ":"
                + SigV4Verifier.SERVICE + " --user " + user.accessKeyId() + ":" + IamAuthorizer.SECRET + " ..."));
    }

    /** tourists/write -> TOURISTS_WRITE_TOKEN */
    static String variable(String scope) {
        return scope.replaceAll("[^A-Za-z0-9]+", "_").toUpperCase(Locale.ROOT) + "_TOKEN";
    }
}
