package io.tourists.local.auth;

import io.tourists.local.http.HttpApiAuthorizer.Decision;
import io.tourists.local.http.HttpApiRequest;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.regex.Pattern;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Checks a request's Signature Version 4 {@code Authorization} header as AWS does for {@code execute-api}: the
 * credential's scope (date, this region, execute-api), {@code X-Amz-Date} within 15 minutes of now, and the
 * signature recomputed with the access key's secret over the method, path, query, the signed headers and the
 * body's SHA-256. The path is taken as sent and also encoded once more (AWS SDKs encode it twice, curl once).
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
    private static final HexFormat HEX = HexFormat.of();

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
        var secret = secrets.apply(accessKeyId);
        if (secret.isEmpty()) {
            return refused(403, "The security token included in the request is invalid.", "UnrecognizedClientException");
        }
        var scope = date + "/" + region + "/" + SERVICE + "/aws4_request";
        var signingKey = signingKey(secret.get(), date);
        var given = header.group(6);
        for (var path : List.of(rawPath(request), encodeEach(rawPath(request)))) {
            var canonical = canonicalRequest(request, path, List.of(header.group(5).split(";")));
            var stringToSign = ALGORITHM + "\n" + amzDate.get() + "\n" + scope + "\n" + HEX.formatHex(sha256(canonical));
            if (MessageDigest.isEqual(HEX.formatHex(hmac(signingKey, stringToSign)).getBytes(StandardCharsets.US_ASCII),
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

    private static String canonicalRequest(HttpApiRequest request, String path, List<String> signedHeaders) {
        var lines = new ArrayList<String>();
        lines.add(request.method());
        lines.add(path);
        lines.add(canonicalQuery(request.rawQuery()));
        signedHeaders.forEach(name -> lines.add(name + ":"
                + request.header(name).orElse("").strip().replaceAll("\\s+", " ")));
        lines.add("");
        lines.add(String.join(";", signedHeaders));
        lines.add(HEX.formatHex(sha256(request.body())));
        return String.join("\n", lines);
    }

    private static String rawPath(HttpApiRequest request) {
        return request.rawPath().isEmpty() ? "/" : request.rawPath();
    }

    /** Each parameter's name and value encoded as SigV4 says, sorted by name, then value. */
    private static String canonicalQuery(String rawQuery) {
        if (rawQuery == null || rawQuery.isEmpty()) {
            return "";
        }
        return Arrays.stream(rawQuery.split("&")).filter(pair -> !pair.isEmpty()).map(pair -> {
            int equals = pair.indexOf('=');
            var name = equals < 0 ? pair : pair.substring(0, equals);
            var value = equals < 0 ? "" : pair.substring(equals + 1);
            return encode(percentDecode(name)) + "=" + encode(percentDecode(value));
        }).sorted().reduce((a, b) -> a + "&" + b).orElse("");
    }

    private static String encodeEach(String path) {
        return String.join("/", Arrays.stream(path.split("/", -1)).map(SigV4Verifier::encode).toList());
    }

    /** RFC 3986 percent-encoding of everything but the unreserved characters, as SigV4 asks. */
    private static String encode(String text) {
        var out = new StringBuilder();
        for (byte b : text.getBytes(StandardCharsets.UTF_8)) {
            char c = (char) (b & 0xff);
            if ((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || "-_.~".indexOf(c) >= 0) {
                out.append(c);
            } else {
                out.append('%').append(HexFormat.of().withUpperCase().toHexDigits(b));
            }
        }
        return out.toString();
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

    private byte[] signingKey(String secret, String date) {
        var key = hmac(("AWS4" + secret).getBytes(StandardCharsets.UTF_8), date);
        key = hmac(key, region);
        key = hmac(key, SERVICE);
        return hmac(key, "aws4_request");
    }

    private static byte[] hmac(byte[] key, String data) {
        try {
            var mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            return mac.doFinal(data.getBytes(StandardCharsets.UTF_8));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("this JDK has no HmacSHA256", e);
        }
    }

    private static byte[] sha256(String text) {
        return sha256(text.getBytes(StandardCharsets.UTF_8));
    }

    private static byte[] sha256(byte[] bytes) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(bytes);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("this JDK has no SHA-256", e);
        }
    }
}
