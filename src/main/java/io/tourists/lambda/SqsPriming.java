package io.tourists.lambda;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import software.amazon.awssdk.services.sqs.SqsClient;

/**
 * Runs an SQS client's SendMessage path once in the process, with nothing sent: the request is answered as
 * SQS would answer it by the client's {@link PrimingHttpClient}, so marshalling, the endpoint rules, signing,
 * the interceptors, the response and its MD5 check are loaded and initialised during init or before a
 * SnapStart snapshot, and the first real request does not pay for them. Only for clients built by
 * {@link LambdaAwsClients#sqs}: any other client would send the message.
 */
final class SqsPriming {

    private static final String SAMPLE_BODY = "{}";
    private static final String SAMPLE_MESSAGE_ID = "00000000-0000-4000-8000-000000000000";

    private SqsPriming() {
    }

    static void sendMessage(SqsClient lambdaClient, String queueUrl) {
        var answer = ("{\"MD5OfMessageBody\":\"" + md5Hex(SAMPLE_BODY) + "\",\"MessageId\":\"" + SAMPLE_MESSAGE_ID
                + "\"}").getBytes(StandardCharsets.UTF_8);
        PrimingHttpClient.offline(request -> new PrimingHttpClient.Answer(200, "application/x-amz-json-1.0", answer),
                () -> lambdaClient.sendMessage(r -> r.queueUrl(queueUrl).messageBody(SAMPLE_BODY)));
    }

    private static String md5Hex(String text) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("MD5").digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime ships MD5", e);
        }
    }
}
