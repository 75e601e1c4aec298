package io.tourists.local.auth;

import static org.assertj.core.api.Assertions.assertThat;

import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.ECDSASigner;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.crypto.RSASSAVerifier;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.PlainJWT;
import com.nimbusds.jwt.SignedJWT;
import io.tourists.local.http.HttpApiAuthorizer.Decision;
import io.tourists.local.http.HttpApiRequest;
import io.tourists.local.template.RouteAuthorization;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The local JWT authorizer and the local issuer, each checked against Nimbus JOSE + JWT, an implementation
 * independent of theirs: Nimbus signs the tokens the authorizer must accept or refuse, and checks the issuer's.
 */
class JwtAuthorizerTest {

    private static final String ISSUER = "https://issuer.example";
    private static final String AUDIENCE = "tourists";
    private static final Instant NOW = Instant.parse("2026-12-07T12:00:00Z");
    private static final RouteAuthorization.Jwt ROUTE =
            new RouteAuthorization.Jwt("Authorizer", "authorization", ISSUER, List.of(AUDIENCE), List.of("read"));
    private static RSAKey key;
    private static JwtAuthorizer authorizer;

    @BeforeAll
    static void keys() throws Exception {
        key = new RSAKeyGenerator(2048).keyID("key-1").generate();
        authorizer = new JwtAuthorizer(Map.of(ISSUER, Map.of("key-1", key.toRSAPublicKey())));
    }

    /** Claims that pass every check; the test changes what it is about. */
    private static JWTClaimsSet.Builder goodClaims() {
        return new JWTClaimsSet.Builder().issuer(ISSUER).subject("ada").claim("client_id", AUDIENCE)
                .claim("scope", "read write").issueTime(Date.from(NOW.minusSeconds(60)))
                .expirationTime(Date.from(NOW.plus(Duration.ofHours(1))));
    }

    private static String rs256(JWTClaimsSet claims) throws Exception {
        var jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.RS256).keyID("key-1").type(JOSEObjectType.JWT)
                .build(), claims);
        jwt.sign(new RSASSASigner(key));
        return jwt.serialize();
    }

    private static String rs256(UnaryOperator<JWTClaimsSet.Builder> change) throws Exception {
        return rs256(change.apply(goodClaims()).build());
    }

    private static Decision authorize(String token) {
        return authorizer.authorize(request("Bearer " + token), ROUTE, NOW);
    }

    private static void assertInvalidToken(Decision decision, String description) {
        assertThat(decision).isInstanceOfSatisfying(Decision.Refused.class, refused -> {
            assertThat(refused.status()).isEqualTo(401);
            assertThat(refused.headers()).contains(Map.entry("www-authenticate",
                    "Bearer scope=\"\" error=\"invalid_token\" error_description=\"" + description + "\""));
        });
    }

    @Test
    void aTokenNimbusSignsWithTheIssuersKey_isAccepted_withItsClaimsAndScopes() throws Exception {
        var decision = authorize(rs256(claims -> claims));

        assertThat(decision).isInstanceOfSatisfying(Decision.Allowed.class, allowed ->
                assertThat(allowed.context().get("jwt")).asString().contains("sub=ada").contains("scopes=[read, write]"));
    }

    @Test
    void aNonNumericNbf_isRefused_notReadAsZero() throws Exception {
        assertInvalidToken(authorize(rs256(claims -> claims.claim("nbf", "tomorrow"))), "the token's nbf is not a number");
    }

    @Test
    void aNonNumericIat_isRefused_notReadAsZero() throws Exception {
        assertInvalidToken(authorize(rs256(claims -> claims.claim("iat", "2026-12-08"))), "the token's iat is not a number");
    }

    @Test
    void anNbfInTheFuture_isRefused_andOneInThePast_isAccepted() throws Exception {
        assertInvalidToken(authorize(rs256(claims -> claims.notBeforeTime(Date.from(NOW.plusSeconds(60))))),
                "the token is not valid yet");
        assertThat(authorize(rs256(claims -> claims.notBeforeTime(Date.from(NOW.minusSeconds(60))))))
                .isInstanceOf(Decision.Allowed.class);
    }

    @Test
    void anIatInTheFuture_isRefused() throws Exception {
        assertInvalidToken(authorize(rs256(claims -> claims.issueTime(Date.from(NOW.plusSeconds(60))))),
                "the token was issued in the future");
    }

    @Test
    void aTokenFromAnotherIssuer_signedWithTheRightKey_isRefused() throws Exception {
        assertInvalidToken(authorize(rs256(claims -> claims.issuer("https://other.example"))),
                "the token does not have a valid issuer");
    }

    @Test
    void anExpiredToken_orOneWithoutExp_isRefused() throws Exception {
        assertInvalidToken(authorize(rs256(claims -> claims.expirationTime(Date.from(NOW)))), "the token has expired");
        assertInvalidToken(authorize(rs256(claims -> claims.expirationTime(null))), "the token has expired");
    }

    @Test
    void hs256_es256_andUnsignedTokens_areRefused_asApiGatewayTakesRsaOnly() throws Exception {
        var hs256 = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.HS256).keyID("key-1").build(), goodClaims().build());
        hs256.sign(new MACSigner(new byte[32]));
        var ecKey = new ECKeyGenerator(Curve.P_256).keyID("key-1").generate();
        var es256 = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.ES256).keyID("key-1").build(), goodClaims().build());
        es256.sign(new ECDSASigner(ecKey));
        var unsigned = new PlainJWT(goodClaims().build()).serialize() + "x";

        for (var token : List.of(hs256.serialize(), es256.serialize(), unsigned)) {
            assertInvalidToken(authorize(token), "the token's algorithm is not one API Gateway accepts (RSA only)");
        }
    }

    @Test
    void aTokenSignedByAnotherKey_orNamingAnUnknownKid_isRefused() throws Exception {
        var otherKey = new RSAKeyGenerator(2048).keyID("key-1").generate();
        var forged = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.RS256).keyID("key-1").build(), goodClaims().build());
        forged.sign(new RSASSASigner(otherKey));
        var unknownKid = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.RS256).keyID("key-2").build(), goodClaims().build());
        unknownKid.sign(new RSASSASigner(otherKey));

        assertInvalidToken(authorize(forged.serialize()), "the token's signature is not valid");
        assertInvalidToken(authorize(unknownKid.serialize()), "the token's kid is not a key of the issuer " + ISSUER);
    }

    @Test
    void theLocalIssuersToken_verifiesWithNimbus_withTheClaimsItPromises() throws Exception {
        var issuer = new LocalJwtIssuer(ISSUER, AUDIENCE);
        var token = SignedJWT.parse(issuer.accessToken("ada", List.of("read", "write"), NOW, Duration.ofHours(1)));
        var publicKey = (java.security.interfaces.RSAPublicKey) issuer.keys().get(token.getHeader().getKeyID());

        assertThat(token.getHeader().getAlgorithm()).isEqualTo(JWSAlgorithm.RS256);
        assertThat(token.verify(new RSASSAVerifier(publicKey))).isTrue();
        var claims = token.getJWTClaimsSet();
        assertThat(claims.getIssuer()).isEqualTo(ISSUER);
        assertThat(claims.getSubject()).isEqualTo("ada");
        assertThat(claims.getStringClaim("client_id")).isEqualTo(AUDIENCE);
        assertThat(claims.getStringClaim("scope")).isEqualTo("read write");
        assertThat(claims.getIssueTime().toInstant()).isEqualTo(NOW);
        assertThat(claims.getExpirationTime().toInstant()).isEqualTo(NOW.plus(Duration.ofHours(1)));
    }

    @Test
    void theLocalIssuersToken_isAcceptedByTheAuthorizer_andOneNimbusAltered_isRefused() throws Exception {
        var issuer = new LocalJwtIssuer(ISSUER, AUDIENCE);
        var local = new JwtAuthorizer(Map.of(ISSUER, issuer.keys()));
        var token = issuer.accessToken("ada", List.of("read"), NOW, Duration.ofHours(1));
        var parsed = SignedJWT.parse(token);
        var altered = new SignedJWT(parsed.getHeader().toBase64URL(),
                new JWTClaimsSet.Builder(parsed.getJWTClaimsSet()).subject("mallory").build().toPayload().toBase64URL(),
                parsed.getSignature());

        assertThat(local.authorize(request(token), ROUTE, NOW)).isInstanceOf(Decision.Allowed.class);
        assertThat(local.authorize(request(altered.serialize()), ROUTE, NOW)).isInstanceOfSatisfying(
                Decision.Refused.class, refused -> assertThat(refused.status()).isEqualTo(401));
    }

    private static HttpApiRequest request(String authorization) {
        return new HttpApiRequest("GET", "/tourists/1", null, "HTTP/1.1", "127.0.0.1",
                Map.of("Authorization", List.of(authorization)), new byte[0]);
    }
}
