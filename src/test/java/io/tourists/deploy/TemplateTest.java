package io.tourists.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import io.tourists.local.template.SamTemplate;
import io.tourists.local.template.TemplateValues;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The deploy-time invariants of template.yaml, checked on the file that deploys. Each one is a rule from
 * AWS's documentation or a promise of docs/deploy.md; the messages say which.
 */
class TemplateTest {

    static final SamTemplate TEMPLATE = SamTemplate.read(Path.of("template.yaml"));
    static final List<String> FUNCTIONS = List.of("ApiFunction", "ReadFunction", "ConsumerFunction");

    private static Map<String, Object> consumerEvent() {
        var events = SamTemplate.map(TEMPLATE.properties("ConsumerFunction"), "Events");
        return SamTemplate.map(SamTemplate.map(events, "WriteQueueEvent"), "Properties");
    }

    private static Map<String, Object> parameter(String name) {
        return SamTemplate.map(SamTemplate.map(TEMPLATE.root(), "Parameters"), name);
    }

    private static int intValue(Object value) {
        return new TemplateValues(TEMPLATE, Map.of(), Map.of(), Map.of()).integer(value, String.valueOf(value));
    }

    private static int withParameter(Object value, String parameter, int parameterValue) {
        return new TemplateValues(TEMPLATE, Map.of(parameter, Integer.toString(parameterValue)), Map.of(), Map.of())
                .integer(value, String.valueOf(value));
    }

    private static Object ref(String name) {
        return Map.of("Ref", name);
    }

    @Test
    void theConsumerMappingReportsBatchItemFailures() {
        assertThat(consumerEvent().get("FunctionResponseTypes")).asList().containsExactly("ReportBatchItemFailures");
        assertThat(SamTemplate.map(TEMPLATE.resources(), "ConsumerFunction").get("Type"))
                .isEqualTo("AWS::Serverless::Function");
    }

    @Test
    void batchSizeAndBatchingWindowAreParameters() {
        assertThat(consumerEvent().get("BatchSize")).isEqualTo(ref("ConsumerBatchSize"));
        assertThat(consumerEvent().get("MaximumBatchingWindowInSeconds")).isEqualTo(ref("ConsumerBatchingWindowSeconds"));
        assertThat(consumerEvent().get("Queue")).isEqualTo(Map.of("Fn::GetAtt", List.of("WriteQueue", "Arn")));
    }

    @Test
    void maximumConcurrencyNeverExceedsTheConsumersReservedConcurrency_whateverTheParameterSays() {
        var maximumConcurrency = SamTemplate.map(consumerEvent(), "ScalingConfig").get("MaximumConcurrency");
        var reserved = TEMPLATE.properties("ConsumerFunction").get("ReservedConcurrentExecutions");
        var concurrency = parameter("ConsumerMaxConcurrency");
        for (var value : List.of(intValue(concurrency.get("MinValue")), intValue(concurrency.get("Default")),
                intValue(concurrency.get("MaxValue")))) {
            assertThat(withParameter(maximumConcurrency, "ConsumerMaxConcurrency", value))
                    .as("MaximumConcurrency <= ReservedConcurrentExecutions when ConsumerMaxConcurrency = %d", value)
                    .isLessThanOrEqualTo(withParameter(reserved, "ConsumerMaxConcurrency", value));
        }
        assertThat(intValue(concurrency.get("MinValue"))).as("SQS MaximumConcurrency is 2-1000").isGreaterThanOrEqualTo(2);
        assertThat(intValue(concurrency.get("MaxValue"))).isLessThanOrEqualTo(1000);
    }

    @Test
    void theConnectionBudgetFormulaIsWrittenInTheTemplateWithItsDefaults() throws IOException {
        int consumers = intValue(parameter("ConsumerMaxConcurrency").get("Default"));
        int readers = intValue(parameter("ReadMaxConcurrency").get("Default"));
        int consumerPool = intValue(TEMPLATE.environment("ConsumerFunction").get("DB_POOL_SIZE"));
        int readPool = intValue(TEMPLATE.environment("ReadFunction").get("DB_POOL_SIZE"));
        var text = Files.readString(Path.of("template.yaml"));

        assertThat(text).contains(
                "peak DB connections = ConsumerMaxConcurrency x DB_POOL_SIZE + ReadMaxConcurrency x DB_POOL_SIZE");
        assertThat(text).contains("= %d x %d + %d x %d = %d".formatted(consumers, consumerPool, readers, readPool,
                consumers * consumerPool + readers * readPool));
        assertThat(TEMPLATE.properties("ReadFunction").get("ReservedConcurrentExecutions"))
                .as("the read function's cap is the parameter the formula names").isEqualTo(ref("ReadMaxConcurrency"));
    }

    @Test
    void theVisibilityTimeoutIsAtLeastSixConsumerTimeoutsPlusTheBatchingWindow_forEveryAllowedValue() {
        int visibilityTimeout = intValue(TEMPLATE.properties("WriteQueue").get("VisibilityTimeout"));
        var timeout = parameter("ConsumerTimeoutSeconds");
        var window = parameter("ConsumerBatchingWindowSeconds");
        assertThat(timeout).containsKey("MaxValue");
        assertThat(window).containsKey("MaxValue");
        assertThat(TEMPLATE.properties("ConsumerFunction").get("Timeout")).isEqualTo(ref("ConsumerTimeoutSeconds"));

        assertThat(visibilityTimeout)
                .as("https://docs.aws.amazon.com/lambda/latest/dg/services-sqs-configure.html: >= 6 x timeout (+ window)")
                .isGreaterThanOrEqualTo(6 * intValue(timeout.get("MaxValue")) + intValue(window.get("MaxValue")))
                .isGreaterThanOrEqualTo(6 * intValue(timeout.get("Default")) + intValue(window.get("Default")));
    }

    @Test
    void messagesReachTheDeadLetterQueueAfterAtLeastFiveReceives() {
        var redrive = SamTemplate.map(TEMPLATE.properties("WriteQueue"), "RedrivePolicy");
        assertThat(intValue(redrive.get("maxReceiveCount"))).isGreaterThanOrEqualTo(5);
        assertThat(redrive.get("deadLetterTargetArn"))
                .isEqualTo(Map.of("Fn::GetAtt", List.of("WriteDeadLetterQueue", "Arn")));
    }

    @Test
    void bothQueuesAreEncryptedAtRest() {
        for (var queue : List.of("WriteQueue", "WriteDeadLetterQueue")) {
            var properties = TEMPLATE.properties(queue);
            assertThat(Boolean.TRUE.equals(properties.get("SqsManagedSseEnabled")) || properties.containsKey("KmsMasterKeyId"))
                    .as("%s has server-side encryption", queue).isTrue();
        }
    }

    @Test
    void theDeadLetterQueueAllowsRedriveBackToTheWriteQueueOnly() {
        var allow = SamTemplate.map(TEMPLATE.properties("WriteDeadLetterQueue"), "RedriveAllowPolicy");
        assertThat(allow.get("redrivePermission")).isEqualTo("byQueue");
        var writeQueueName = TEMPLATE.properties("WriteQueue").get("QueueName");
        assertThat(allow.get("sourceQueueArnList")).asList().singleElement()
                .isEqualTo(Map.of("Fn::Sub", "arn:${AWS::Partition}:sqs:${AWS::Region}:${AWS::AccountId}:" + writeQueueName));
    }

    @Test
    void messagesRetainedAsLongOnTheDeadLetterQueueAsOnTheWriteQueue() {
        assertThat(intValue(TEMPLATE.properties("WriteDeadLetterQueue").get("MessageRetentionPeriod")))
                .isGreaterThanOrEqualTo(intValue(TEMPLATE.properties("WriteQueue").get("MessageRetentionPeriod")));
    }

    @Test
    void everyFunctionRunsJavaOnArm64_withSnapStartOnPublishedVersionsBehindAnAlias() {
        for (var function : FUNCTIONS) {
            assertThat(TEMPLATE.functionProperty(function, "Runtime")).get().isIn("java21", "java25");
            assertThat(TEMPLATE.functionProperty(function, "Architectures")).get().asList().containsExactly("arm64");
            assertThat(TEMPLATE.functionProperty(function, "SnapStart")).get()
                    .isEqualTo(Map.of("ApplyOn", "PublishedVersions"));
            assertThat(TEMPLATE.functionProperty(function, "AutoPublishAlias")).get().asString().isNotBlank();
            assertThat(TEMPLATE.properties(function).get("CodeUri")).isEqualTo("target/tourists-lambda.jar");
        }
    }

    @Test
    void javaToolOptionsStopAtTheFastCompilerForShortLivedJvms() {
        for (var function : FUNCTIONS) {
            assertThat(String.valueOf(TEMPLATE.environment(function).get("JAVA_TOOL_OPTIONS")))
                    .contains("-XX:+TieredCompilation", "-XX:TieredStopAtLevel=1");
        }
    }

    @Test
    void powertoolsFindsItsNamespaceAndService_andEmfNeedsNoEnvironmentDiscovery() {
        for (var function : FUNCTIONS) {
            var env = TEMPLATE.environment(function);
            assertThat(env.get("POWERTOOLS_METRICS_NAMESPACE")).asString().isNotBlank();
            assertThat(env.get("POWERTOOLS_SERVICE_NAME")).asString().isNotBlank();
            assertThat(env.get("AWS_EMF_ENVIRONMENT")).isEqualTo("Lambda");
        }
    }

    @Test
    void noDatabasePasswordIsEverAPlainEnvironmentVariable() {
        for (var function : FUNCTIONS) {
            assertThat(TEMPLATE.environment(function).keySet()).noneMatch(name -> name.contains("PASSWORD"));
        }
        for (var function : List.of("ReadFunction", "ConsumerFunction")) {
            assertThat(TEMPLATE.environment(function).get("DB_SECRET_ARN")).isEqualTo(ref("DatabaseSecretArn"));
        }
        assertThat(String.valueOf(parameter("DatabaseSecretArn").get("AllowedPattern"))).contains("secretsmanager");
        assertThat(SamTemplate.map(TEMPLATE.root(), "Parameters").keySet())
                .noneMatch(name -> name.toLowerCase().contains("password"));
    }

    @Test
    void theDatabaseFunctionsRunInTheVpcGivenAsParameters_andTheWriteApiStaysOutOfIt() {
        for (var function : List.of("ReadFunction", "ConsumerFunction")) {
            var vpc = SamTemplate.map(TEMPLATE.properties(function), "VpcConfig");
            assertThat(vpc.get("SubnetIds")).isEqualTo(ref("SubnetIds"));
            assertThat(vpc.get("SecurityGroupIds")).isEqualTo(ref("SecurityGroupIds"));
        }
        assertThat(parameter("SubnetIds").get("Type")).isEqualTo("List<AWS::EC2::Subnet::Id>");
        assertThat(parameter("SecurityGroupIds").get("Type")).isEqualTo("List<AWS::EC2::SecurityGroup::Id>");
        assertThat(TEMPLATE.properties("ApiFunction")).doesNotContainKey("VpcConfig");
    }

    @Test
    void noPolicyGrantsQueueOrSecretActionsOnEveryResource() {
        var statements = new ArrayList<Map<?, ?>>();
        collectStatements(TEMPLATE.root(), statements);
        assertThat(statements).isNotEmpty();
        for (var statement : statements) {
            var actions = statement.get("Action") instanceof List<?> list ? list : List.of(statement.get("Action"));
            if (actions.stream().map(String::valueOf).anyMatch(a -> a.startsWith("sqs:") || a.startsWith("secretsmanager:"))) {
                assertThat(statement.get("Resource")).as("resource of %s", actions).isNotEqualTo("*");
            }
        }
    }

    @Test
    void eachFunctionMayDoOnlyWhatItNeeds() {
        assertThat(TEMPLATE.properties("ApiFunction").get("Policies")).asList().containsExactly(
                Map.of("SQSSendMessagePolicy", Map.of("QueueName", Map.of("Fn::GetAtt", List.of("WriteQueue", "QueueName")))));
        assertThat(TEMPLATE.properties("ReadFunction").get("Policies")).asList().containsExactly(
                Map.of("AWSSecretsManagerGetSecretValuePolicy", Map.of("SecretArn", ref("DatabaseSecretArn"))));
        // An SQS event would attach AWSLambdaSQSQueueExecutionRole (receive/delete on every queue) to a
        // SAM-made role; the consumer has its own, scoped to the two queues and the secret.
        assertThat(TEMPLATE.properties("ConsumerFunction").get("Role"))
                .isEqualTo(Map.of("Fn::GetAtt", List.of("ConsumerRole", "Arn")));
        var statements = new ArrayList<Map<?, ?>>();
        collectStatements(TEMPLATE.properties("ConsumerRole"), statements);
        assertThat(statements.stream().filter(s -> s.containsKey("Resource")).map(s -> (Object) s.get("Resource")))
                .containsExactlyInAnyOrder(
                Map.of("Fn::GetAtt", List.of("WriteQueue", "Arn")),
                Map.of("Fn::GetAtt", List.of("WriteDeadLetterQueue", "Arn")),
                ref("DatabaseSecretArn"));
    }

    @Test
    void theHttpApiSendsWritesAndUnknownRoutesToTheWriteApi_andGetsToTheReadFunction() {
        var routes = new java.util.HashMap<String, String>();
        TEMPLATE.resources().forEach((id, resource) -> {
            var map = SamTemplate.map(TEMPLATE.resources(), id);
            if ("AWS::ApiGatewayV2::Route".equals(map.get("Type"))) {
                var properties = TEMPLATE.properties(id);
                var target = String.valueOf(SamTemplate.map(properties, "Target").get("Fn::Sub"));
                var integration = TEMPLATE.properties(target.replace("integrations/${", "").replace("}", ""));
                assertThat(integration.get("PayloadFormatVersion")).isEqualTo("2.0");
                assertThat(integration.get("IntegrationType")).isEqualTo("AWS_PROXY");
                routes.put(String.valueOf(properties.get("RouteKey")),
                        String.valueOf(SamTemplate.map(integration, "IntegrationUri").get("Ref")));
            }
        });
        assertThat(routes).containsExactlyInAnyOrderEntriesOf(Map.of(
                "POST /tourists", "ApiFunction.Alias",
                "PUT /tourists/{id}", "ApiFunction.Alias",
                "DELETE /tourists/{id}", "ApiFunction.Alias",
                "$default", "ApiFunction.Alias",
                "GET /tourists/{id}", "ReadFunction.Alias"));
    }

    @Test
    void everyRouteIsGuardedByTheJwtAuthorizerWhenAnIssuerIsGiven() {
        var authorizer = TEMPLATE.properties("HttpApiJwtAuthorizer");
        assertThat(authorizer.get("AuthorizerType")).isEqualTo("JWT");
        assertThat(SamTemplate.map(TEMPLATE.resources(), "HttpApiJwtAuthorizer").get("Condition"))
                .isEqualTo("UseJwtAuthorizer");
        TEMPLATE.resources().forEach((id, resource) -> {
            if ("AWS::ApiGatewayV2::Route".equals(SamTemplate.map(TEMPLATE.resources(), id).get("Type"))) {
                assertThat(TEMPLATE.properties(id).get("AuthorizationType")).as(id)
                        .isEqualTo(Map.of("Fn::If", List.of("UseJwtAuthorizer", "JWT", "NONE")));
            }
        });
    }

    @Test
    void alarmsWatchTheDeadLetterQueueTheOldestWriteAndTheConsumersErrors() {
        var alarms = new ArrayList<String>();
        TEMPLATE.resources().forEach((id, resource) -> {
            if ("AWS::CloudWatch::Alarm".equals(SamTemplate.map(TEMPLATE.resources(), id).get("Type"))) {
                var properties = TEMPLATE.properties(id);
                var dimension = ((List<?>) properties.get("Dimensions")).getFirst();
                alarms.add(properties.get("MetricName") + " of " + ((Map<?, ?>) dimension).get("Value"));
                assertThat(properties.get("AlarmActions")).as(id).asList().containsExactly(ref("AlarmTopic"));
            }
        });
        assertThat(alarms).contains(
                "ApproximateNumberOfMessagesVisible of " + Map.of("Fn::GetAtt", List.of("WriteDeadLetterQueue", "QueueName")),
                "ApproximateAgeOfOldestMessage of " + Map.of("Fn::GetAtt", List.of("WriteQueue", "QueueName")),
                "Errors of " + ref("ConsumerFunction"));
    }

    @Test
    void samBuildLeavesTheMavenArtifactAlone() {
        for (var function : FUNCTIONS) {
            assertThat(SamTemplate.map(SamTemplate.map(TEMPLATE.resources(), function), "Metadata").get("SkipBuild"))
                    .as("%s: sam build cannot build a jar CodeUri (aws-sam-cli#4575)", function).isEqualTo(true);
        }
    }

    private static void collectStatements(Object node, List<Map<?, ?>> statements) {
        if (node instanceof Map<?, ?> map) {
            if (map.containsKey("Action") && map.containsKey("Effect")) {
                statements.add(map);
            }
            map.values().forEach(value -> collectStatements(value, statements));
        } else if (node instanceof List<?> list) {
            list.forEach(value -> collectStatements(value, statements));
        }
    }
}
