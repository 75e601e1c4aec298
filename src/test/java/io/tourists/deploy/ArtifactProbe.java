package io.tourists.deploy;

import com.amazonaws.services.lambda.runtime.ClientContext;
import com.amazonaws.services.lambda.runtime.CognitoIdentity;
import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.LambdaLogger;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import io.tourists.api.ApiFunction;
import io.tourists.consumer.ConsumerFunction;
import io.tourists.read.ReadFunction;
import java.util.Map;

/**
 * Runs in a JVM whose classpath is the Lambda artifact and this class only (ArtifactIT starts it): builds
 * the three functions as Lambda does, with their no-arg constructors, runs their SnapStart hooks, and
 * serves two requests that need neither the queue nor the database. If a class, a service file or a log4j
 * plugin is missing from the artifact, this is where it shows.
 */
public final class ArtifactProbe {

    private ArtifactProbe() {
    }

    public static void main(String[] args) {
        var api = new ApiFunction();
        var read = new ReadFunction();
        var consumer = new ConsumerFunction();
        api.beforeCheckpoint(null);
        read.beforeCheckpoint(null);
        consumer.beforeCheckpoint(null);
        api.afterRestore(null);
        read.afterRestore(null);
        consumer.afterRestore(null);

        var rejected = api.handleRequest(post("text/plain"), new ProbeContext("tourists-api"));
        System.out.println("PROBE api status " + rejected.getStatusCode());
        // A write route that reaches the read function: it answers 500 and logs an ERROR as JSON.
        var misrouted = read.handleRequest(post("application/json"), new ProbeContext("tourists-read"));
        System.out.println("PROBE read status " + misrouted.getStatusCode());
        System.exit(0);
    }

    private static APIGatewayV2HTTPEvent post(String contentType) {
        return APIGatewayV2HTTPEvent.builder()
                .withVersion("2.0")
                .withRawPath("/tourists")
                .withHeaders(Map.of("content-type", contentType))
                .withBody("{}")
                .withRequestContext(APIGatewayV2HTTPEvent.RequestContext.builder()
                        .withRequestId("probe-request")
                        .withHttp(APIGatewayV2HTTPEvent.RequestContext.Http.builder()
                                .withMethod("POST").withPath("/tourists").build())
                        .build())
                .build();
    }

    private record ProbeContext(String functionName) implements Context {
        @Override
        public String getAwsRequestId() {
            return "probe-request";
        }

        @Override
        public String getLogGroupName() {
            return "/aws/lambda/" + functionName;
        }

        @Override
        public String getLogStreamName() {
            return "probe";
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
            return "arn:aws:lambda:eu-west-1:123456789012:function:" + functionName + ":live";
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
            return 10_000;
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
                    System.out.print(new String(message, java.nio.charset.StandardCharsets.UTF_8));
                }
            };
        }
    }
}
