package io.tourists.local.auth;

import java.net.URI;
import java.net.http.HttpRequest;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import software.amazon.awssdk.http.ContentStreamProvider;
import software.amazon.awssdk.http.SdkHttpMethod;
import software.amazon.awssdk.http.SdkHttpRequest;
import software.amazon.awssdk.http.auth.aws.signer.AwsV4HttpSigner;
import software.amazon.awssdk.identity.spi.AwsCredentialsIdentity;

/**
 * Requests signed as an AWS SDK signs them for API Gateway (the SDK's own SigV4 signer, service execute-api): an
 * implementation independent of the one the local front checks with.
 */
public final class SignedRequests {

    private SignedRequests() {
    }

    /** Signed now. */
    public static HttpRequest signed(String method, URI uri, String contentType, String body, String accessKeyId,
                                     String secret, String region) {
        return signed(method, uri, contentType, body, accessKeyId, secret, region, Instant.now());
    }

    /** Signed as if at the given time (X-Amz-Date). */
    public static HttpRequest signed(String method, URI uri, String contentType, String body, String accessKeyId,
                                     String secret, String region, Instant at) {
        var unsigned = SdkHttpRequest.builder().method(SdkHttpMethod.fromValue(method)).uri(uri);
        if (contentType != null) {
            unsigned.putHeader("content-type", contentType);
        }
        var signed = AwsV4HttpSigner.create().sign(request -> request
                .identity(AwsCredentialsIdentity.create(accessKeyId, secret))
                .request(unsigned.build())
                .payload(body == null ? null : ContentStreamProvider.fromUtf8String(body))
                .putProperty(AwsV4HttpSigner.SERVICE_SIGNING_NAME, "execute-api")
                .putProperty(AwsV4HttpSigner.REGION_NAME, region)
                .putProperty(AwsV4HttpSigner.SIGNING_CLOCK, Clock.fixed(at, ZoneOffset.UTC)));
        var builder = HttpRequest.newBuilder(uri).method(method, body == null
                ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        // java.net.http sets Host itself, to the same host:port the signer signed.
        signed.request().forEachHeader((name, values) -> {
            if (!name.equalsIgnoreCase("host")) {
                values.forEach(value -> builder.header(name, value));
            }
        });
        return builder.build();
    }
}
