package io.tourists.local.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.tourists.json.Json;
import io.tourists.local.http.HttpApiRequest;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import software.amazon.awssdk.http.ContentStreamProvider;
import software.amazon.awssdk.http.SdkHttpMethod;
import software.amazon.awssdk.http.SdkHttpRequest;
import software.amazon.awssdk.http.auth.aws.signer.AwsV4HttpSigner;
import software.amazon.awssdk.identity.spi.AwsCredentialsIdentity;

/**
 * The local front's SigV4 check against requests signed by two independent signers: the AWS SDK for Java's
 * {@link AwsV4HttpSigner} and botocore's SigV4Auth (run with python3; those tests skip, saying so, where python3
 * or botocore is missing). curl's --aws-sigv4 is no oracle here: it has query-string bugs of its own.
 */
class SigV4VerifierTest {

    private static final String REGION = "us-east-1";
    private static final String KEY = "ReadAccessPolicy";
    private static final String SECRET = "local-secret";
    private static final Instant NOW = Instant.parse("2026-12-07T12:00:00Z");
    private static final SigV4Verifier VERIFIER = new SigV4Verifier(REGION,
            key -> key.equals(KEY) ? Optional.of(SECRET) : Optional.empty());

    /** Queries whose canonical form sorts by name, then value: never as whole name=value strings. */
    @ParameterizedTest(name = "?{0}")
    @ValueSource(strings = {"a=1&a1=2", "a1=2&a=1", "b=2&a=3&a=1", "a=x&a-b=y&a.b=z&a_b=w", "q=a%20b&p=%2F&e=",
            "limit=10&after=019cec37-b67b-7123-9456-fedcba987654"})
    void aQuerySignedByTheAwsSdk_isAccepted_whateverTheOrderOfItsNamesAndValues(String query) {
        var request = sdkSigned("GET", URI.create("http://localhost:3000/tourists?" + query), null, true);

        assertThat(VERIFIER.verify(request, NOW)).isEqualTo(new SigV4Verifier.Result.Signed(KEY));
    }

    @ParameterizedTest(name = "?{0}")
    @ValueSource(strings = {"a=1&a1=2", "b=2&a=3&a=1", "q=a%20b&p=%2F&e="})
    void aQuerySignedByBotocore_isAccepted(String query) {
        var request = botocoreSigned("GET", "http://localhost:3000/tourists?" + query, null, List.of());

        assertThat(VERIFIER.verify(request, Instant.now())).isEqualTo(new SigV4Verifier.Result.Signed(KEY));
    }

    @Test
    void aPostWithABodyAndAnEncodedPath_signedByBotocore_isAccepted() {
        var request = botocoreSigned("POST", "http://localhost:3000/tourists/a%20b", "{\"firstName\":\"Ada\"}",
                List.of());

        assertThat(VERIFIER.verify(request, Instant.now())).isEqualTo(new SigV4Verifier.Result.Signed(KEY));
    }

    @Test
    void aSignatureWithoutHostAmongTheSignedHeaders_isRefused_asAwsRefusesIt() {
        var request = botocoreSigned("GET", "http://localhost:3000/tourists/1", null, List.of("host"));

        assertThat(VERIFIER.verify(request, Instant.now())).isInstanceOfSatisfying(SigV4Verifier.Result.Refused.class,
                refused -> {
                    assertThat(refused.refusal().status()).isEqualTo(403);
                    assertThat(refused.refusal().message()).contains("'Host' or ':authority' must be a 'SignedHeader'");
                    assertThat(refused.refusal().headers()).contains(
                            Map.entry("x-amzn-errortype", "IncompleteSignatureException"));
                });
    }

    @Test
    void aPathEncodedOnce_asCurlSignsIt_isAccepted() {
        var request = sdkSigned("GET", URI.create("http://localhost:3000/tourists/a%20b?x=1"), null, false);

        assertThat(VERIFIER.verify(request, NOW)).isEqualTo(new SigV4Verifier.Result.Signed(KEY));
    }

    @Test
    void aQueryOrBodyChangedAfterSigning_isRefused() {
        var signed = sdkSigned("POST", URI.create("http://localhost:3000/tourists?a=1&a1=2"), "{}", true);
        var otherQuery = new HttpApiRequest(signed.method(), signed.rawPath(), "a=1&a1=3", signed.protocol(),
                signed.sourceIp(), signed.headers(), signed.body());
        var otherBody = new HttpApiRequest(signed.method(), signed.rawPath(), signed.rawQuery(), signed.protocol(),
                signed.sourceIp(), signed.headers(), "{ }".getBytes(StandardCharsets.UTF_8));

        for (var request : List.of(otherQuery, otherBody)) {
            assertThat(VERIFIER.verify(request, NOW)).isInstanceOfSatisfying(SigV4Verifier.Result.Refused.class,
                    refused -> assertThat(refused.refusal().headers())
                            .contains(Map.entry("x-amzn-errortype", "InvalidSignatureException")));
        }
    }

    /** Signed by the AWS SDK at NOW, as the request the front would read. */
    private static HttpApiRequest sdkSigned(String method, URI uri, String body, boolean encodePathTwice) {
        var unsigned = SdkHttpRequest.builder().method(SdkHttpMethod.fromValue(method)).uri(uri).build();
        var signed = AwsV4HttpSigner.create().sign(sign -> sign
                .identity(AwsCredentialsIdentity.create(KEY, SECRET)).request(unsigned)
                .payload(body == null ? null : ContentStreamProvider.fromUtf8String(body))
                .putProperty(AwsV4HttpSigner.SERVICE_SIGNING_NAME, "execute-api")
                .putProperty(AwsV4HttpSigner.REGION_NAME, REGION)
                .putProperty(AwsV4HttpSigner.DOUBLE_URL_ENCODE, encodePathTwice)
                .putProperty(AwsV4HttpSigner.SIGNING_CLOCK, Clock.fixed(NOW, ZoneOffset.UTC))).request();
        var headers = new LinkedHashMap<String, List<String>>(signed.headers());
        headers.putIfAbsent("Host", List.of(uri.getAuthority()));
        return new HttpApiRequest(method, uri.getRawPath(), uri.getRawQuery(), "HTTP/1.1", "127.0.0.1", headers,
                body == null ? new byte[0] : body.getBytes(StandardCharsets.UTF_8));
    }

    /** Signed now by botocore's SigV4Auth, leaving the named headers out of the signature. */
    private static HttpApiRequest botocoreSigned(String method, String url, String body, List<String> unsigned) {
        var script = """
                import json, sys
                from botocore.auth import SigV4Auth
                from botocore.awsrequest import AWSRequest
                from botocore.credentials import Credentials
                a = json.loads(sys.argv[1])
                class Auth(SigV4Auth):
                    def headers_to_sign(self, request):
                        headers = super().headers_to_sign(request)
                        for name in a['unsigned']:
                            del headers[name]
                        return headers
                request = AWSRequest(method=a['method'], url=a['url'], data=a['body'])
                Auth(Credentials(a['key'], a['secret']), 'execute-api', a['region']).add_auth(request)
                print(json.dumps({'headers': dict(request.headers.items())}))
                """;
        var arguments = new LinkedHashMap<String, Object>();
        arguments.put("method", method);
        arguments.put("url", url);
        arguments.put("body", body);
        arguments.put("unsigned", unsigned);
        arguments.put("key", KEY);
        arguments.put("secret", SECRET);
        arguments.put("region", REGION);
        var headers = new LinkedHashMap<String, List<String>>();
        botocore(script, Json.write(arguments)).get("headers").properties()
                .forEach(header -> headers.put(header.getKey(), List.of(header.getValue().asText())));
        var uri = URI.create(url);
        headers.put("Host", List.of(uri.getAuthority()));
        return new HttpApiRequest(method, uri.getRawPath(), uri.getRawQuery(), "HTTP/1.1", "127.0.0.1", headers,
                body == null ? new byte[0] : body.getBytes(StandardCharsets.UTF_8));
    }

    private static JsonNode botocore(String script, String argument) {
        Process process;
        try {
            process = new ProcessBuilder("python3", "-c", script, argument).redirectErrorStream(true).start();
        } catch (IOException e) {
            assumeTrue(false, "python3 is not on the PATH: the botocore-signed cases need it (" + e.getMessage() + ")");
            throw new AssertionError(e);
        }
        try {
            var output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertThat(process.waitFor(60, TimeUnit.SECONDS)).as("python3 ended").isTrue();
            assumeTrue(process.exitValue() == 0 || !output.contains("No module named 'botocore'"),
                    "botocore is not installed for python3: the botocore-signed cases need it");
            assertThat(process.exitValue()).as("python3 signing with botocore: " + output).isZero();
            return Json.readTree(output.lines().reduce((first, last) -> last).orElseThrow());
        } catch (IOException e) {
            throw new AssertionError(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }
}
