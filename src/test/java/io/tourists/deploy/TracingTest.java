package io.tourists.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import io.tourists.local.template.SamTemplate;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * A sampled write can be followed in X-Ray from the write API through SQS to the consumer: every function
 * traces actively, and every role written by hand for a function may send its segments to X-Ray (SAM adds that
 * permission to the roles it makes itself). https://docs.aws.amazon.com/lambda/latest/dg/services-xray.html
 */
class TracingTest {

    private static final SamTemplate TEMPLATE = TemplateTest.TEMPLATE;
    private static final String XRAY_POLICY = "arn:${AWS::Partition}:iam::aws:policy/AWSXRayDaemonWriteAccess";

    @Test
    void everyFunctionTracesActively() {
        for (var function : TEMPLATE.resourceIdsOfType("AWS::Serverless::Function")) {
            assertThat(TEMPLATE.functionProperty(function, "Tracing")).as(function).contains("Active");
        }
    }

    @Test
    void everyHandWrittenFunctionRoleMaySendTraceSegmentsToXRay() {
        var roles = TEMPLATE.resourceIdsOfType("AWS::IAM::Role").stream().filter(TracingTest::assumedByLambda).toList();
        assertThat(roles).contains("ConsumerRole");
        for (var role : roles) {
            var managed = TEMPLATE.properties(role).getOrDefault("ManagedPolicyArns", List.of());
            assertThat(managed.toString().contains("AWSXRayDaemonWriteAccess") || grantsPutTraceSegments(role))
                    .as("%s: %s, or xray:PutTraceSegments and xray:PutTelemetryRecords", role, XRAY_POLICY).isTrue();
        }
    }

    private static boolean assumedByLambda(String role) {
        return String.valueOf(TEMPLATE.properties(role).get("AssumeRolePolicyDocument")).contains("lambda.amazonaws.com");
    }

    private static boolean grantsPutTraceSegments(String role) {
        var policies = String.valueOf(TEMPLATE.properties(role).getOrDefault("Policies", List.of()));
        return policies.contains("xray:PutTraceSegments") && policies.contains("xray:PutTelemetryRecords");
    }
}
