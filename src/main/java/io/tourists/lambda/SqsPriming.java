package io.tourists.lambda;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.HexFormat;
import java.util.Map;
import java.util.TreeMap;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.core.SdkPlugin;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.MessageAttributeValue;

/**
 * Runs an SQS client's SendMessage path once in the process, with nothing sent: the request is answered as
 * SQS would answer it by the client's {@link PrimingHttpClient}, so marshalling (message attributes included),
 * the endpoint rules, signing, the interceptors, the response and its MD5 checks are loaded and initialised
 * during init or before a SnapStart snapshot, and the first real request does not pay for them. The request
 * is signed with stand-in credentials: priming never fetches the function's own (nor puts them in a
 * snapshot). Only for clients built by {@link LambdaAwsClients#sqs}: any other client would send the message.
 */
final class SqsPriming {

    private static final String SAMPLE_BODY = "{}";
    /** String attributes, as the write API sends its messages with (queue/SqsWriteQueue). */
    private static final Map<String, String> SAMPLE_ATTRIBUTES = Map.of("type", "priming", "correlationId", "priming");
    private static final String SAMPLE_MESSAGE_ID = "00000000-0000-4000-8000-000000000000";
    private static final AwsCredentialsProvider STAND_IN = StaticCredentialsProvider.create(
            AwsBasicCredentials.create("PRIMINGONLY", "priming-only-never-sent"));
    /**
     * What the functions' own sends carry on each request (queue/SqsAttempts): a plugin that turns the SDK's
     * retries off and a call timeout. A request with a plugin takes the SDK's per-request configuration path.
     */
    private static final SdkPlugin ONE_ATTEMPT =
            config -> config.overrideConfiguration(c -> c.retryStrategy(AwsRetryStrategy.doNotRetry()));
    private static final Duration CALL_TIMEOUT = Duration.ofSeconds(3);

    private SqsPriming() {
    }

    static void sendMessage(SqsClient lambdaClient, String queueUrl) {
        var answer = ("{\"MD5OfMessageBody\":\"" + md5Hex(SAMPLE_BODY.getBytes(StandardCharsets.UTF_8))
                + "\",\"MD5OfMessageAttributes\":\"" + attributesMd5Hex(SAMPLE_ATTRIBUTES)
                + "\",\"MessageId\":\"" + SAMPLE_MESSAGE_ID + "\"}").getBytes(StandardCharsets.UTF_8);
        var attributes = new TreeMap<String, MessageAttributeValue>();
        SAMPLE_ATTRIBUTES.forEach((name, value) ->
                attributes.put(name, MessageAttributeValue.builder().dataType("String").stringValue(value).build()));
        PrimingHttpClient.offline(request -> new PrimingHttpClient.Answer(200, "application/x-amz-json-1.0", answer),
                () -> lambdaClient.sendMessage(r -> r.queueUrl(queueUrl).messageBody(SAMPLE_BODY)
                        .messageAttributes(attributes)
                        .overrideConfiguration(c -> c.credentialsProvider(STAND_IN).addPlugin(ONE_ATTEMPT)
                                .apiCallTimeout(CALL_TIMEOUT))));
    }

    /**
     * SQS's digest of String message attributes: by name, each as length-prefixed name, data type, transport
     * type 1 and length-prefixed value.
     * https://docs.aws.amazon.com/AWSSimpleQueueService/latest/SQSDeveloperGuide/sqs-message-metadata.html#sqs-attributes-md5-message-digest-calculation
     */
    static String attributesMd5Hex(Map<String, String> stringAttributes) {
        var bytes = new ByteArrayOutputStream();
        new TreeMap<>(stringAttributes).forEach((name, value) -> {
            lengthPrefixed(bytes, name);
            lengthPrefixed(bytes, "String");
            bytes.write(1);
            lengthPrefixed(bytes, value);
        });
        return md5Hex(bytes.toByteArray());
    }

    private static void lengthPrefixed(ByteArrayOutputStream bytes, String text) {
        var utf8 = text.getBytes(StandardCharsets.UTF_8);
        bytes.writeBytes(ByteBuffer.allocate(4).putInt(utf8.length).array());
        bytes.writeBytes(utf8);
    }

    private static String md5Hex(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("MD5").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime ships MD5", e);
        }
    }
}
