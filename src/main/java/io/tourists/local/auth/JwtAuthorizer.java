package io.tourists.local.auth;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import io.tourists.json.Json;
import io.tourists.local.http.HttpApiAuthorizer.Decision;
import io.tourists.local.http.HttpApiRequest;
import io.tourists.local.template.RouteAuthorization;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.PublicKey;
import java.security.Signature;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * An HTTP API JWT authorizer, checking what API Gateway checks and in its order: a token in the identity source
 * (alone or after {@code Bearer}), an RSA signature by a key of the issuer's key set ({@code kid}), {@code iss},
 * {@code aud} (or {@code client_id} when there is no {@code aud}), {@code exp}, {@code nbf}, {@code iat} (each a
 * number when present: a time claim that is not one is refused, never read as 0), and one of
 * the route's scopes in {@code scope} or {@code scp}. A bad token is 401 {"message":"Unauthorized"} with a
 * www-authenticate header, a missing scope 403 {"message":"Forbidden"}. The function gets the claims (as strings)
 * and, on a route with scopes, the token's scopes in requestContext.authorizer.jwt.
 * https://docs.aws.amazon.com/apigateway/latest/developerguide/http-api-jwt-authorizer.html
 */
final class JwtAuthorizer {

    private static final Map<String, String> ALGORITHMS = Map.of(
            "RS256", "SHA256withRSA", "RS384", "SHA384withRSA", "RS512", "SHA512withRSA");

    /** The key sets of the issuers this run trusts: issuer to key id to key. */
    private final Map<String, Map<String, PublicKey>> keySets;

    JwtAuthorizer(Map<String, Map<String, PublicKey>> keySets) {
        this.keySets = Map.copyOf(keySets);
    }

    Decision authorize(HttpApiRequest request, RouteAuthorization.Jwt route, Instant now) {
        var token = request.header(route.header()).map(String::strip)
                .map(value -> value.regionMatches(true, 0, "Bearer ", 0, 7) ? value.substring(7).strip() : value)
                .filter(value -> !value.isEmpty());
        if (token.isEmpty()) {
            return new Decision.Refused(401, "Unauthorized");
        }
        var parts = token.get().split("\\.", -1);
        JsonNode header;
        JsonNode claims;
        try {
            if (parts.length != 3) {
                return invalid("the token is not a signed JWT");
            }
            header = Json.readTree(decode(parts[0]));
            claims = Json.readTree(decode(parts[1]));
        } catch (JsonProcessingException | IllegalArgumentException e) {
            return invalid("the token is not a signed JWT");
        }
        var algorithm = ALGORITHMS.get(header.path("alg").asText());
        if (algorithm == null) {
            return invalid("the token's algorithm is not one API Gateway accepts (RSA only)");
        }
        var key = keySets.getOrDefault(route.issuer(), Map.of()).get(header.path("kid").asText());
        if (key == null) {
            return invalid("the token's kid is not a key of the issuer " + route.issuer());
        }
        if (!verifies(algorithm, key, parts)) {
            return invalid("the token's signature is not valid");
        }
        if (!route.issuer().equals(claims.path("iss").asText(null))) {
            return invalid("the token does not have a valid issuer");
        }
        var audiences = claims.has("aud") ? strings(claims.get("aud")) : strings(claims.path("client_id"));
        if (audiences.stream().noneMatch(route.audiences()::contains)) {
            return invalid("the token does not have a valid audience");
        }
        if (!claims.path("exp").isNumber() || claims.path("exp").asLong() <= now.getEpochSecond()) {
            return invalid("the token has expired");
        }
        // A time claim that is there must be a number (RFC 7519's NumericDate): Jackson would read "soon" as 0.
        for (var claim : List.of("nbf", "iat")) {
            if (claims.has(claim) && !claims.get(claim).isNumber()) {
                return invalid("the token's " + claim + " is not a number");
            }
        }
        if (claims.has("nbf") && claims.path("nbf").asLong() > now.getEpochSecond()) {
            return invalid("the token is not valid yet");
        }
        if (claims.has("iat") && claims.path("iat").asLong() > now.getEpochSecond()) {
            return invalid("the token was issued in the future");
        }
        var scopes = claims.has("scp") ? scopes(claims.get("scp")) : scopes(claims.path("scope"));
        if (!route.scopes().isEmpty() && scopes.stream().noneMatch(route.scopes()::contains)) {
            return new Decision.Refused(403, "Forbidden", List.of(Map.entry("www-authenticate",
                    "Bearer scope=\"" + String.join(" ", route.scopes()) + "\" error=\"insufficient_scope\""
                            + " error_description=\"the token does not have one of the route's scopes\"")));
        }
        var jwt = new HashMap<String, Object>();
        jwt.put("claims", claims(claims));
        // API Gateway fills scopes only on a route that asks for some; elsewhere it is null.
        jwt.put("scopes", route.scopes().isEmpty() ? null : scopes);
        return new Decision.Allowed(Map.of("jwt", jwt));
    }

    private static Decision invalid(String description) {
        return new Decision.Refused(401, "Unauthorized", List.of(Map.entry("www-authenticate",
                "Bearer scope=\"\" error=\"invalid_token\" error_description=\"" + description + "\"")));
    }

    private static boolean verifies(String algorithm, PublicKey key, String[] parts) {
        try {
            var signature = Signature.getInstance(algorithm);
            signature.initVerify(key);
            signature.update((parts[0] + "." + parts[1]).getBytes(StandardCharsets.US_ASCII));
            return signature.verify(Base64.getUrlDecoder().decode(parts[2]));
        } catch (GeneralSecurityException | IllegalArgumentException e) {
            return false;
        }
    }

    private static String decode(String part) {
        return new String(Base64.getUrlDecoder().decode(part), StandardCharsets.UTF_8);
    }

    /** A claim that is one string or a list of them. */
    private static List<String> strings(JsonNode node) {
        var values = new ArrayList<String>();
        if (node.isArray()) {
            node.forEach(item -> values.add(item.asText()));
        } else if (node.isTextual()) {
            values.add(node.asText());
        }
        return values;
    }

    /** {@code scope} is space-separated ("a b"); {@code scp} may be that or a list. */
    private static List<String> scopes(JsonNode node) {
        return strings(node).stream().flatMap(value -> List.of(value.strip().split("\\s+")).stream())
                .filter(scope -> !scope.isEmpty()).toList();
    }

    /** The claims as API Gateway hands them on: every value a string, a list as "[a b]", nulls left out. */
    private static Map<String, String> claims(JsonNode claims) {
        var rendered = new LinkedHashMap<String, String>();
        claims.properties().forEach(claim -> render(claim.getValue())
                .ifPresent(value -> rendered.put(claim.getKey(), value)));
        return rendered;
    }

    private static Optional<String> render(JsonNode value) {
        if (value.isNull()) {
            return Optional.empty();
        }
        if (value.isArray()) {
            var items = new ArrayList<String>();
            value.forEach(item -> items.add(item.isTextual() ? item.asText() : item.toString()));
            return Optional.of("[" + String.join(" ", items) + "]");
        }
        return Optional.of(value.isTextual() ? value.asText() : value.toString());
    }
}
