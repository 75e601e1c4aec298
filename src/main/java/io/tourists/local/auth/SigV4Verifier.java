package io.tourists.local.auth;

import io.tourists.local.http.HttpApiAuthorizer.Decision;
import io.tourists.local.http.HttpApiRequest;
import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.regex.Pattern;
import software.amazon.awssdk.http.SdkHttpMethod;
import software.amazon.awssdk.http.SdkHttpRequest;
import software.amazon.awssdk.http.auth.aws.internal.signer.CredentialScope;
import software.amazon.awssdk.http.auth.aws.internal.signer.V4Properties;
import software.amazon.awssdk.http.auth.aws.internal.signer.V4RequestSigner;
import software.amazon.awssdk.identity.spi.AwsCredentialsIdentity;

/**
 * Checks a request's Signature Version 4 {@code Authorization} header as AWS does for {@code execute-api}: the
 * credential's scope (date, this region, execute-api), {@code X-Amz-Date} within 15 minutes of now, {@code host}
 * among the signed headers, and the signature. The signature is not recomputed by hand: the request is signed
 * again by the AWS SDK's own SigV4 request signer (software.amazon.awssdk:http-auth-aws, which the SQS client
 * already brings into every jar) with the access key's secret, the request's X-Amz-Date and its signed headers,
 * and the two must agree. The path is tried encoded once more (as AWS SDKs and botocore sign it) and as sent (as curl does).
 * Presigned URLs and session tokens are not checked. https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_sigv.html
 */
final class SigV4Verifier {

    static final String SERVICE = "execute-api";
    private static final String ALGORITHM = "AWS4-HMAC-SHA256";
    private static final Duration SKEW = Duration.ofMinutes(15);
    private static final DateTimeFormatter AMZ_DATE =
            DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'").withZone(ZoneOffset.UTC);
    private static final Pattern HEADER = Pattern.compile(ALGORITHM + "\\s+Credential=([^/,\\s]+)/(\\d{8})/([^/]+)/([^/]+)"
            + "/aws4_request\\s*,\\s*SignedHeaders=([a-z0-9;_.-]+)\\s*,\\s*Signature=([0-9a-f]{64})\\s*");

    /** A signed request: whose key signed it; or the refusal API Gateway answers. */
    sealed interface Result {
        record Signed(String accessKeyId) implements Result {}

        record Refused(Decision.Refused refusal) implements Result {}
    }

    private final String region;
    private final Function<String, Optional<String>> secrets;

    /** @param secrets the secret access key of each access key id this run knows */
    SigV4Verifier(String region, Function<String, Optional<String>> secrets) {
        this.region = region;
        this.secrets = secrets;
    }

    Result verify(HttpApiRequest request, Instant now) {
        var authorization = request.header("authorization").map(String::strip);
        if (authorization.isEmpty() || !authorization.get().startsWith(ALGORITHM)) {
            return refused(403, "Forbidden", null);
        }
        var header = HEADER.matcher(authorization.get());
        if (!header.matches()) {
            return refused(403, "Authorization header requires 'Credential', 'SignedHeaders' and 'Signature'"
                    + " parameters, in that order.", "IncompleteSignatureException");
        }
        var amzDate = request.header("x-amz-date");
        if (amzDate.isEmpty()) {
            return refused(403, "Authorization header requires existence of an 'X-Amz-Date' header.",
                    "IncompleteSignatureException");
        }
        Instant signedAt;
        try {
            signedAt = AMZ_DATE.parse(amzDate.get(), Instant::from);
        } catch (DateTimeParseException e) {
            return refused(403, "X-Amz-Date must be yyyyMMddTHHmmssZ, got " + amzDate.get(), "IncompleteSignatureException");
        }
        if (signedAt.isBefore(now.minus(SKEW))) {
            return refused(403, "Signature expired: " + amzDate.get() + " is now earlier than "
                    + AMZ_DATE.format(now.minus(SKEW)) + " (" + AMZ_DATE.format(now) + " - 15 min.)",
                    "InvalidSignatureException");
        }
        if (signedAt.isAfter(now.plus(SKEW))) {
            return refused(403, "Signature not yet current: " + amzDate.get() + " is still later than "
                    + AMZ_DATE.format(now.plus(SKEW)) + " (" + AMZ_DATE.format(now) + " + 15 min.)",
                    "InvalidSignatureException");
        }
        var accessKeyId = header.group(1);
        var date = header.group(2);
        if (!amzDate.get().startsWith(date)) {
            return refused(403, "Date in Credential scope does not match YYYYMMDD from ISO-8601 version of date"
                    + " from HTTP: '" + date + "' != '" + amzDate.get().substring(0, 8) + "'", "InvalidSignatureException");
        }
        if (!header.group(3).equals(region)) {
            return refused(403, "Credential should be scoped to a valid region, not '" + header.group(3) + "'.",
                    "InvalidSignatureException");
        }
        if (!header.group(4).equals(SERVICE)) {
            return refused(403, "Credential should be scoped to correct service: '" + SERVICE + "'.",
                    "InvalidSignatureException");
        }
        var signedHeaders = List.of(header.group(5).split(";"));
        if (!signedHeaders.contains("host")) {
            return refused(403, "'Host' or ':authority' must be a 'SignedHeader' in the AWS Authorization.",
                    "IncompleteSignatureException");
        }
        var secret = secrets.apply(accessKeyId);
        if (secret.isEmpty()) {
            return refused(403, "The security token included in the request is invalid.", "UnrecognizedClientException");
        }
        var given = header.group(5) + "/" + header.group(6);
        for (var encodePathAgain : List.of(true, false)) {
            var expected = resign(request, signedHeaders, AwsCredentialsIdentity.create(accessKeyId, secret.get()),
                    signedAt, encodePathAgain);
            if (expected.isPresent() && MessageDigest.isEqual(expected.get().getBytes(StandardCharsets.US_ASCII),
                    given.getBytes(StandardCharsets.US_ASCII))) {
                return new Result.Signed(accessKeyId);
            }
        }
        return refused(403, "The request signature we calculated does not match the signature you provided."
                + " Check your AWS Secret Access Key and signing method. Consult the service documentation for details.",
                "InvalidSignatureException");
    }

    private static Result refused(int status, String message, String errorType) {
        return new Result.Refused(errorType == null ? new Decision.Refused(status, message)
                : new Decision.Refused(status, message, List.of(Map.entry("x-amzn-errortype", errorType))));
    }

    /**
     * The request as it arrived, signed again by the AWS SDK's own SigV4 request signer with the same key, time and
     * signed headers: its {@code SignedHeaders/Signature}, or empty when the request cannot be rebuilt (no Host, an
     * unknown method). The SDK canonicalises the query (sorted by name, then value), the headers and the path.
     * <p>This is the request signer {@link software.amazon.awssdk.http.auth.aws.signer.AwsV4HttpSigner} runs, taken
     * without the step before it that adds and signs {@code x-amz-content-sha256}: botocore and curl do not sign
     * that header, so the public signer could never reproduce their signatures. It lives in the SDK's
     * {@code internal} package: an SDK upgrade that moves it fails this class's compilation, and SigV4VerifierTest
     * checks it against the public signer and against botocore.
     */
    private Optional<String> resign(HttpApiRequest request, List<String> signedHeaders, AwsCredentialsIdentity key,
                                     Instant signedAt, boolean encodePathAgain) {
        URI host;
        SdkHttpMethod method;
        try {
            host = URI.create("http://" + request.header("host").orElse("").strip());
            method = SdkHttpMethod.fromValue(request.method());
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
        if (host.getHost() == null) {
            return Optional.empty();
        }
        var unsigned = SdkHttpRequest.builder().method(method).protocol("http").host(host.getHost())
                .port(host.getPort() < 0 ? null : host.getPort())
                .encodedPath(request.rawPath().isEmpty() ? "/" : request.rawPath());
        queryParameters(request.rawQuery()).forEach(pair -> unsigned.appendRawQueryParameter(pair.getKey(), pair.getValue()));
        signedHeaders.forEach(name -> unsigned.putHeader(name, request.header(name).orElse("")));
        var properties = V4Properties.builder().credentials(key)
                .credentialScope(new CredentialScope(region, SERVICE, signedAt))
                .signingClock(Clock.fixed(signedAt, ZoneOffset.UTC))
                .doubleUrlEncode(encodePathAgain).normalizePath(true).build();
        var signed = V4RequestSigner.create(properties, HexFormat.of().formatHex(sha256(request.body()))).sign(unsigned);
        return Optional.of(signed.getCanonicalRequest().getSignedHeadersString() + "/" + signed.getSignature());
    }

    private static byte[] sha256(byte[] bytes) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(bytes);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("this JDK has no SHA-256", e);
        }
    }

    /** Each parameter's name and value, percent-decoded ('+' stays a plus), in the order sent. */
    private static List<Map.Entry<String, String>> queryParameters(String rawQuery) {
        if (rawQuery == null || rawQuery.isEmpty()) {
            return List.of();
        }
        return Arrays.stream(rawQuery.split("&")).filter(pair -> !pair.isEmpty()).map(pair -> {
            int equals = pair.indexOf('=');
            return Map.entry(percentDecode(equals < 0 ? pair : pair.substring(0, equals)),
                    percentDecode(equals < 0 ? "" : pair.substring(equals + 1)));
        }).toList();
    }

    /** Percent-decoding in which '+' stays a plus; a malformed escape is kept as written. */
    private static String percentDecode(String text) {
        var bytes = new ByteArrayOutputStream();
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '%' && i + 2 < text.length() && HexFormat.isHexDigit(text.charAt(i + 1))
                    && HexFormat.isHexDigit(text.charAt(i + 2))) {
                bytes.write(HexFormat.fromHexDigits(text, i + 1, i + 3));
                i += 2;
            } else {
                bytes.writeBytes(String.valueOf(c).getBytes(StandardCharsets.UTF_8));
            }
        }
        return bytes.toString(StandardCharsets.UTF_8);
    }
}
