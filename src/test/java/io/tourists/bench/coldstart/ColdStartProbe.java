package io.tourists.bench.coldstart;

import com.amazonaws.services.lambda.runtime.ClientContext;
import com.amazonaws.services.lambda.runtime.CognitoIdentity;
import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.LambdaLogger;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * Runs in a fresh JVM whose classpath is the Lambda artifact plus this package only (as on Lambda, nothing
 * else): loads one handler class and constructs it (init), serves it one event (first invoke), then prints
 * one line {@code COLDSTART init_ms=.. init_phase_ms=.. first_invoke_ms=.. rss_kb=.. jvm_uptime_ms=..}.
 *
 * <p>Arguments: the handler's class name, the event kind ({@code http-post}, {@code http-get} or {@code sqs}),
 * and a file holding the request body, the tourist id or the message body.
 */
public final class ColdStartProbe {

    private ColdStartProbe() {
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    public static void main(String[] args) throws Exception {
        var handlerClass = args[0];
        var kind = args[1];
        var body = Files.readString(Path.of(args[2]));
        long initStart = System.nanoTime();
        var handler = (RequestHandler) Class.forName(handlerClass).getDeclaredConstructor().newInstance();
        long initEnd = System.nanoTime();
        // On Lambda the init phase is the JVM's start plus the handler's construction: the uptime here.
        long initUptime = ManagementFactory.getRuntimeMXBean().getUptime();
        Object event = switch (kind) {
            case "http-post" -> post(body);
            case "http-get" -> get(body.strip());
            case "sqs" -> sqs(body);
            default -> throw new IllegalArgumentException("unknown event kind " + kind);
        };
        Object response = handler.handleRequest(event, new ProbeContext(handlerClass));
        long invokeEnd = System.nanoTime();
        System.out.printf("COLDSTART init_ms=%.1f init_phase_ms=%d first_invoke_ms=%.1f rss_kb=%d jvm_uptime_ms=%d"
                        + " response=%s%n",
                (initEnd - initStart) / 1e6, initUptime, (invokeEnd - initEnd) / 1e6, rssKb(),
                ManagementFactory.getRuntimeMXBean().getUptime(), summary(response));
        System.exit(0);
    }

    private static String summary(Object response) {
        var text = String.valueOf(response).replaceAll("\\s+", " ");
        return text.length() > 80 ? text.substring(0, 80) : text;
    }

    private static long rssKb() throws IOException {
        return Files.readAllLines(Path.of("/proc/self/status"), StandardCharsets.UTF_8).stream()
                .filter(line -> line.startsWith("VmRSS:"))
                .map(line -> Long.parseLong(line.replaceAll("[^0-9]", "")))
                .findFirst().orElse(-1L);
    }

    /** The fields API Gateway's HTTP API (payload 2.0) sends for a POST. */
    private static APIGatewayV2HTTPEvent post(String body) {
        return APIGatewayV2HTTPEvent.builder()
                .withVersion("2.0")
                .withRouteKey("POST /tourists")
                .withRawPath("/tourists")
                .withHeaders(Map.of("content-type", "application/json"))
                .withBody(body)
                .withIsBase64Encoded(false)
                .withRequestContext(APIGatewayV2HTTPEvent.RequestContext.builder()
                        .withRequestId("coldstart-request")
                        .withRouteKey("POST /tourists")
                        .withStage("$default")
                        .withHttp(APIGatewayV2HTTPEvent.RequestContext.Http.builder()
                                .withMethod("POST").withPath("/tourists").withProtocol("HTTP/1.1")
                                .withSourceIp("127.0.0.1").build())
                        .build())
                .build();
    }

    /** A GET /tourists/{id}, for the read function. */
    private static APIGatewayV2HTTPEvent get(String touristId) {
        return APIGatewayV2HTTPEvent.builder()
                .withVersion("2.0")
                .withRouteKey("GET /tourists/{id}")
                .withRawPath("/tourists/" + touristId)
                .withPathParameters(Map.of("id", touristId))
                .withHeaders(Map.of())
                .withRequestContext(APIGatewayV2HTTPEvent.RequestContext.builder()
                        .withRequestId("coldstart-request")
                        .withRouteKey("GET /tourists/{id}")
                        .withStage("$default")
                        .withHttp(APIGatewayV2HTTPEvent.RequestContext.Http.builder()
                                .withMethod("GET").withPath("/tourists/" + touristId).withProtocol("HTTP/1.1")
                                .withSourceIp("127.0.0.1").build())
                        .build())
                .build();
    }

    /** The fields the SQS event source mapping sends for one message. */
    private static SQSEvent sqs(String body) {
        var message = new SQSEvent.SQSMessage();
        message.setMessageId("coldstart-message");
        message.setReceiptHandle("coldstart-receipt");
        message.setBody(body);
        message.setAttributes(Map.of("ApproximateReceiveCount", "1", "SentTimestamp",
                Long.toString(System.currentTimeMillis())));
        message.setMessageAttributes(Map.of());
        message.setEventSource("aws:sqs");
        message.setEventSourceArn(System.getenv("QUEUE_ARN"));
        message.setAwsRegion(System.getenv("AWS_REGION"));
        var event = new SQSEvent();
        event.setRecords(List.of(message));
        return event;
    }

    private record ProbeContext(String functionName) implements Context {
        @Override
        public String getAwsRequestId() {
            return "coldstart-request";
        }

        @Override
        public String getLogGroupName() {
            return "/aws/lambda/" + functionName;
        }

        @Override
        public String getLogStreamName() {
            return "coldstart";
        }

        @Override
        public String getFunctionName() {
            return functionName;
        }

        @Override
        public String getFunctionVersion() {
            return "1";
        }

        @Override
        public String getInvokedFunctionArn() {
            return "arn:aws:lambda:us-east-1:000000000000:function:coldstart";
        }

        @Override
        public CognitoIdentity getIdentity() {
            return null;
        }

        @Override
        public ClientContext getClientContext() {
            return null;
        }

        @Override
        public int getRemainingTimeInMillis() {
            return 30_000;
        }

        @Override
        public int getMemoryLimitInMB() {
            return 1024;
        }

        @Override
        public LambdaLogger getLogger() {
            return new LambdaLogger() {
                @Override
                public void log(String message) {
                    System.out.print(message);
                }

                @Override
                public void log(byte[] message) {
                    System.out.print(new String(message, StandardCharsets.UTF_8));
                }
            };
        }
    }
}
