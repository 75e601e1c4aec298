package io.tourists.local.auth;

import io.tourists.json.Json;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PublicKey;
import java.security.Signature;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * The identity provider of a local run: an RSA key made at start, and access tokens signed with it, shaped like
 * Cognito's ({@code iss}, {@code sub}, {@code client_id}, {@code scope}, {@code token_use}, {@code iat},
 * {@code exp}). The local JWT authorizer trusts this key for this issuer, as API Gateway trusts the keys an
 * issuer publishes. A new run makes a new key, so a token lasts one run.
 */
public final class LocalJwtIssuer {

    /** What the local run gives the template's JwtIssuer: a name only, nothing listens there. */
    public static final String ISSUER = "https://local-issuer.invalid";
    /** What it gives JwtAudience, unless told another; tokens carry it as client_id, as Cognito's do. */
    public static final String AUDIENCE = "tourists-local";
    /** How long the tokens printed at start are valid: longer than a working day, shorter than forever. */
    public static final Duration TOKEN_LIFETIME = Duration.ofHours(12);

    private final String issuer;
    private final String audience;
    private final String keyId = UUID.randomUUID().toString();
    private final KeyPair keys;

    public LocalJwtIssuer(String issuer, String audience) {
        this.issuer = issuer;
        this.audience = audience;
        try {
            var generator = KeyPairGenerator.getInstance("RSA");
            generator.initialize(2048);
            this.keys = generator.generateKeyPair();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("this JDK cannot make an RSA key", e);
        }
    }

    public String issuer() {
        return issuer;
    }

    public String audience() {
        return audience;
    }

    /** The key set the authorizer checks signatures with, by key id (what the issuer's jwks_uri would publish). */
    public Map<String, PublicKey> keys() {
        return Map.of(keyId, keys.getPublic());
    }

    /** An access token for this subject with these scopes, valid from now for the given time. */
    public String accessToken(String subject, List<String> scopes, Instant now, Duration validFor) {
        var claims = new LinkedHashMap<String, Object>();
        claims.put("sub", subject);
        claims.put("iss", issuer);
        claims.put("client_id", audience);
        claims.put("token_use", "access");
        claims.put("scope", String.join(" ", scopes));
        claims.put("iat", now.getEpochSecond());
        claims.put("exp", now.plus(validFor).getEpochSecond());
        claims.put("jti", UUID.randomUUID().toString());
        return sign(claims);
    }

    /** Any claims, signed with this issuer's key and RS256: for tokens that should fail other checks. */
    public String sign(Map<String, Object> claims) {
        var header = new LinkedHashMap<String, Object>();
        header.put("alg", "RS256");
        header.put("kid", keyId);
        header.put("typ", "JWT");
        var signingInput = base64Url(Json.write(header)) + "." + base64Url(Json.write(claims));
        try {
            var signature = Signature.getInstance("SHA256withRSA");
            signature.initSign(keys.getPrivate());
            signature.update(signingInput.getBytes(StandardCharsets.US_ASCII));
            return signingInput + "." + Base64.getUrlEncoder().withoutPadding().encodeToString(signature.sign());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("could not sign a token", e);
        }
    }

    private static String base64Url(String json) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(json.getBytes(StandardCharsets.UTF_8));
    }
}
