package io.tourists.local.s3;

import java.net.URI;
import java.time.Duration;
import org.gaul.s3proxy.S3Proxy;
import org.gaul.s3proxy.auth.AuthenticationType;
import org.gaul.s3proxy.nio2blob.TransientNio2BlobStore;

/**
 * An S3-compatible store in this process, on a local port: S3Proxy with its in-memory store. It takes the AWS
 * SDK's and the AWS CLI's calls with any access key (it checks no signature; {@value #ACCESS_KEY} is what the
 * runtime itself uses) and honours conditional writes (If-None-Match, If-Match), which the import function's
 * lease and snapshot rely on. Nothing is kept after it stops.
 */
public final class EmbeddedS3 implements AutoCloseable {

    public static final String ACCESS_KEY = "local";

    private final S3Proxy proxy;

    private EmbeddedS3(S3Proxy proxy) {
        this.proxy = proxy;
    }

    /** Starts on {@code port} (0: a free one) and waits until it answers. */
    public static EmbeddedS3 start(int port) {
        var proxy = S3Proxy.builder()
                .blobStore(new TransientNio2BlobStore())
                .endpoint(URI.create("http://127.0.0.1:" + port))
                // Like the embedded SQS: any access key will do (the AWS CLI and SDK still sign their calls).
                .awsAuthentication(AuthenticationType.NONE, null, null)
                // As S3 does: a function on Lambda sends X-Amzn-Trace-Id, which S3Proxy otherwise answers with 501.
                .ignoreUnknownHeaders(true)
                .build();
        try {
            proxy.start();
            long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
            while (!"STARTED".equals(proxy.getState()) && System.nanoTime() < deadline) {
                Thread.sleep(10);
            }
        } catch (Exception e) {
            throw new IllegalStateException("the local S3 store did not start on port " + port + ": " + e.getMessage(), e);
        }
        return new EmbeddedS3(proxy);
    }

    public URI endpoint() {
        return URI.create("http://127.0.0.1:" + proxy.getPort());
    }

    @Override
    public void close() {
        try {
            proxy.stop();
        } catch (Exception e) {
            throw new IllegalStateException("the local S3 store did not stop", e);
        }
    }
}
