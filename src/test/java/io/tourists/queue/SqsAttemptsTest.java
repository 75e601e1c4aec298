package io.tourists.queue;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.ConnectException;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.awscore.exception.AwsErrorDetails;
import software.amazon.awssdk.core.exception.ApiCallTimeoutException;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.sqs.model.QueueDoesNotExistException;
import software.amazon.awssdk.services.sqs.model.SqsException;

/**
 * Which failed SQS calls leave a message certainly not sent, and which leave it maybe taken. The exceptions are
 * built the way the SDK and its url-connection client raise them, down to the stack of the I/O failure, which
 * says whether the request had been written yet.
 */
class SqsAttemptsTest {

    private static final String CALL = "software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient$RequestCallable";

    /** An I/O failure raised under {@code callee}, as the SDK's url-connection client called it, wrapped by the SDK. */
    private static SdkException ioFailure(IOException failure, String calleeClass, String callee) {
        failure.setStackTrace(new StackTraceElement[] {
                new StackTraceElement("sun.nio.ch.Net", "connect0", "Net.java", -2),
                new StackTraceElement(calleeClass, callee, "HttpURLConnection.java", 872),
                new StackTraceElement(CALL, "call", "UrlConnectionHttpClient.java", 303),
                new StackTraceElement("software.amazon.awssdk.core.internal.http.AmazonSyncHttpClient", "execute", "", 1)});
        return SdkClientException.create("Unable to execute HTTP request: " + failure.getMessage(), failure);
    }

    private static SdkException whileConnecting(IOException failure) {
        return ioFailure(failure, "sun.net.www.protocol.http.HttpURLConnection", "connect");
    }

    private static SdkException serviceError(int status, String code) {
        return SqsException.builder().statusCode(status)
                .awsErrorDetails(AwsErrorDetails.builder().errorCode(code).errorMessage("test").build()).build();
    }

    @Test
    void aConnectionRefusedWhileConnectingWasNotSent_andIsWorthAnotherAttempt() {
        var refused = whileConnecting(new ConnectException("Connection refused"));

        assertThat(SqsAttempts.delivery(refused)).isEqualTo(Delivery.NOT_SENT);
        assertThat(SqsAttempts.worthRetrying(refused)).isTrue();
    }

    @Test
    void anUnknownHostOrAConnectTimeoutWasNotSent() {
        assertThat(SqsAttempts.delivery(whileConnecting(new UnknownHostException("sqs.invalid")))).isEqualTo(Delivery.NOT_SENT);
        assertThat(SqsAttempts.delivery(whileConnecting(new SocketTimeoutException("Connect timed out"))))
                .isEqualTo(Delivery.NOT_SENT);
    }

    @Test
    void aRefusalOfTheJdksResend_raisedWhileReadingTheAnswer_mayFollowACopySqsTook() {
        // HttpURLConnection sends a request again on a new connection when it cannot read the answer; if that
        // connection is refused, the first copy may have been stored.
        var refusedResend = ioFailure(new ConnectException("Connection refused"),
                "sun.net.www.protocol.http.HttpURLConnection", "getResponseCode");

        assertThat(SqsAttempts.delivery(refusedResend)).isEqualTo(Delivery.UNKNOWN);
    }

    @Test
    void aReadTimeoutOrAResetAfterTheRequestWasWrittenIsUnknown_andWorthAnotherAttempt() {
        var readTimeout = ioFailure(new SocketTimeoutException("Read timed out"),
                "sun.net.www.protocol.http.HttpURLConnection", "getResponseCode");
        var reset = ioFailure(new SocketException("Connection reset"),
                "sun.net.www.protocol.http.HttpURLConnection", "getOutputStream");

        assertThat(SqsAttempts.delivery(readTimeout)).isEqualTo(Delivery.UNKNOWN);
        assertThat(SqsAttempts.delivery(reset)).isEqualTo(Delivery.UNKNOWN);
        assertThat(SqsAttempts.worthRetrying(readTimeout)).isTrue();
    }

    @Test
    void aCallThatRanOutOfTimeIsUnknown_andNotTriedAgain() {
        var timeout = ApiCallTimeoutException.create(3_000);

        assertThat(SqsAttempts.delivery(timeout)).isEqualTo(Delivery.UNKNOWN);
        assertThat(SqsAttempts.worthRetrying(timeout)).isFalse();
    }

    @Test
    void aClientFailureWithoutAnIoCause_suchAsAChecksumMismatchOfTheAnswer_isUnknown_andNotTriedAgain() {
        var mismatch = SdkClientException.create("MD5 returned by SQS does not match the calculation on the original request");

        assertThat(SqsAttempts.delivery(mismatch)).isEqualTo(Delivery.UNKNOWN);
        assertThat(SqsAttempts.worthRetrying(mismatch)).isFalse();
    }

    @Test
    void aFourHundredFromSqsWasNotSent_andIsTriedAgainOnlyWhenThrottled() {
        var missingQueue = QueueDoesNotExistException.builder().statusCode(400)
                .awsErrorDetails(AwsErrorDetails.builder().errorCode("AWS.SimpleQueueService.NonExistentQueue").build())
                .build();
        var throttled = serviceError(400, "ThrottlingException");

        assertThat(SqsAttempts.delivery(missingQueue)).isEqualTo(Delivery.NOT_SENT);
        assertThat(SqsAttempts.worthRetrying(missingQueue)).isFalse();
        assertThat(SqsAttempts.delivery(throttled)).isEqualTo(Delivery.NOT_SENT);
        assertThat(SqsAttempts.worthRetrying(throttled)).isTrue();
        assertThat(SqsAttempts.reason(missingQueue)).isEqualTo("SQS 400 AWS.SimpleQueueService.NonExistentQueue");
    }

    @Test
    void aFiveHundredFromSqsIsUnknown_andWorthAnotherAttempt() {
        var internal = serviceError(500, "InternalError");

        assertThat(SqsAttempts.delivery(internal)).isEqualTo(Delivery.UNKNOWN);
        assertThat(SqsAttempts.worthRetrying(internal)).isTrue();
    }

    @Test
    void onceOneAttemptMayHaveBeenTaken_theMessageMayHaveBeenTaken() {
        assertThat(SqsAttempts.worse(Delivery.NOT_SENT, Delivery.NOT_SENT)).isEqualTo(Delivery.NOT_SENT);
        assertThat(SqsAttempts.worse(Delivery.UNKNOWN, Delivery.NOT_SENT)).isEqualTo(Delivery.UNKNOWN);
        assertThat(SqsAttempts.worse(Delivery.NOT_SENT, Delivery.UNKNOWN)).isEqualTo(Delivery.UNKNOWN);
    }

    @Test
    void noAttemptIsMadeAfterTheLast_orWithoutTimeForACall() {
        var plenty = SqsAttempts.Deadline.after(Duration.ofSeconds(10));

        assertThat(SqsAttempts.pause(SqsAttempts.MAX_ATTEMPTS, plenty)).isFalse();
        assertThat(SqsAttempts.pause(1, SqsAttempts.Deadline.after(Duration.ofMillis(50)))).isFalse();
        assertThat(SqsAttempts.pause(1, plenty)).isTrue();
    }
}
