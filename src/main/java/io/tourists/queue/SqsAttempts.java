package io.tourists.queue;

import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Consumer;
import software.amazon.awssdk.awscore.AwsRequestOverrideConfiguration;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.core.SdkPlugin;
import software.amazon.awssdk.core.exception.ApiCallAttemptTimeoutException;
import software.amazon.awssdk.core.exception.ApiCallTimeoutException;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.core.exception.SdkServiceException;

/**
 * How the write queue calls SQS so that a failure can be told apart: "certainly not sent" from "maybe taken".
 *
 * <p>The SDK's own retries are off for these calls. With them on, the exception of the last attempt is all a
 * caller gets (earlier attempts leave one line of text each), and an earlier attempt may have timed out after
 * SQS took the message. Instead this class makes up to {@value #MAX_ATTEMPTS} attempts itself, within a deadline,
 * and looks at each failure whole. Resending after an unclear failure is safe for the data: the copy carries the
 * same writeId, which the consumer applies once.
 */
final class SqsAttempts {

    static final int MAX_ATTEMPTS = 3;
    /** One call's longest wait, as the write API's SQS client is built with: then the call is given up. */
    static final Duration MAX_CALL = Duration.ofSeconds(3);
    /** No attempt starts with less than this left: it could not finish. */
    private static final Duration MIN_CALL = Duration.ofMillis(100);
    private static final long FIRST_PAUSE_MILLIS = 50;
    /** The SDK url-connection client's call, which connects first and only then writes the request. */
    private static final String URL_CONNECTION_CALL =
            "software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient$RequestCallable";
    /** Turns the SDK's retries off for one request (a request-level plugin, so the client is left as built). */
    private static final SdkPlugin NO_SDK_RETRIES =
            config -> config.overrideConfiguration(c -> c.retryStrategy(AwsRetryStrategy.doNotRetry()));

    private SqsAttempts() {
    }

    /** The moment the attempts must be over. */
    record Deadline(long nanos) {

        static Deadline after(Duration budget) {
            return new Deadline(System.nanoTime() + budget.toNanos());
        }

        Duration left() {
            return Duration.ofNanos(Math.max(0, nanos - System.nanoTime()));
        }

        /** Too little is left for a call to finish. */
        boolean spent() {
            return left().compareTo(MIN_CALL) < 0;
        }
    }

    /** For one call: no SDK retries, and a timeout at the deadline, {@link #MAX_CALL} at most. */
    static Consumer<AwsRequestOverrideConfiguration.Builder> oneAttempt(Deadline deadline) {
        var left = deadline.left();
        var timeout = left.compareTo(MIN_CALL) < 0 ? MIN_CALL : left.compareTo(MAX_CALL) > 0 ? MAX_CALL : left;
        return override -> override.addPlugin(NO_SDK_RETRIES).apiCallTimeout(timeout);
    }

    /**
     * What a failed call tells about its message. Not sent: SQS answered with a 4xx error (it refused the request:
     * access, a missing queue, throttling, a bad parameter), or the call failed while connecting. Everything else
     * is unknown: a timeout (the call may be waiting for SQS's answer to a message it stored), a 5xx (a front end
     * may fail after the store behind it took the message), a connection reset, an answer whose checksum does not
     * match, and any failure this does not recognise.
     */
    static Delivery delivery(SdkException failure) {
        if (failure instanceof SdkServiceException service) {
            return service.statusCode() >= 400 && service.statusCode() < 500 ? Delivery.NOT_SENT : Delivery.UNKNOWN;
        }
        if (failure instanceof ApiCallTimeoutException || failure instanceof ApiCallAttemptTimeoutException) {
            return Delivery.UNKNOWN;
        }
        return failedToConnect(failure.getCause()) ? Delivery.NOT_SENT : Delivery.UNKNOWN;
    }

    /**
     * True when the failure was raised inside {@code connect()} as the SDK's url-connection client calls it: that
     * client connects before it writes anything, so no byte of the request left (a refused connection, an unknown
     * host, a connect timeout, a failed TLS handshake). A refusal anywhere else is not enough: when the JDK cannot
     * read an answer it sends the request again on a new connection (sun.net.http.retryPost), and a refusal of
     * that second connection, raised from getResponseCode, may follow a first copy that SQS stored. Another HTTP
     * client's failures have other stacks and read unknown, which is never wrong, only less helpful.
     */
    static boolean failedToConnect(Throwable cause) {
        for (Throwable t = cause; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (!(t instanceof IOException)) {
                continue;
            }
            var frames = t.getStackTrace();
            for (int i = 1; i < frames.length; i++) {
                if (frames[i].getClassName().equals(URL_CONNECTION_CALL)) {
                    return frames[i - 1].getMethodName().equals("connect");
                }
            }
        }
        return false;
    }

    /** Whether another attempt may succeed: throttling, a 5xx, or a failure of the connection itself. */
    static boolean worthRetrying(SdkException failure) {
        if (failure instanceof SdkServiceException service) {
            return service.isThrottlingException() || service.statusCode() >= 500;
        }
        if (failure instanceof ApiCallTimeoutException) {
            return false;
        }
        for (Throwable t = failure.getCause(); t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof IOException) {
                return true;
            }
        }
        return false;
    }

    /**
     * Waits before attempt {@code attempt + 1}: 50 ms, then 100 ms, each with jitter so that environments that
     * failed together do not come back together. False when no attempt is left, the deadline leaves no room for
     * another call, or the thread was interrupted.
     */
    static boolean pause(int attempt, Deadline deadline) {
        if (attempt >= MAX_ATTEMPTS) {
            return false;
        }
        long millis = FIRST_PAUSE_MILLIS << (attempt - 1);
        var pause = Duration.ofMillis(millis / 2 + ThreadLocalRandom.current().nextLong(millis / 2 + 1));
        if (deadline.left().minus(pause).compareTo(MIN_CALL) < 0) {
            return false;
        }
        try {
            Thread.sleep(pause);
            return true;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /** The worse of two: once one attempt may have been taken, the message may have been taken. */
    static Delivery worse(Delivery a, Delivery b) {
        return a == Delivery.UNKNOWN || b == Delivery.UNKNOWN ? Delivery.UNKNOWN : Delivery.NOT_SENT;
    }

    /** Why, for the logs: SQS's status and error code, or the failure's type and message (no message content). */
    static String reason(SdkException failure) {
        if (failure instanceof AwsServiceException aws && aws.awsErrorDetails() != null) {
            return "SQS " + aws.statusCode() + " " + aws.awsErrorDetails().errorCode();
        }
        var cause = failure.getCause();
        return failure.getClass().getSimpleName()
                + (cause == null ? "" : " (" + cause.getClass().getSimpleName() + ": " + cause.getMessage() + ")");
    }
}
