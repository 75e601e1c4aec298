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
        // With ReservedConcurrency=true (the default); with false there is no reservation to exceed.
        var reserved = DeployedTemplate.withDefaults().property("ConsumerFunction", "ReservedConcurrentExecutions").orElseThrow();
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
        int prunePool = intValue(TEMPLATE.environment("PruneFunction").get("DB_POOL_SIZE"));
        var text = Files.readString(Path.of("template.yaml"));

        assertThat(text).contains(
                "peak DB connections = ConsumerMaxConcurrency x DB_POOL_SIZE + ReadMaxConcurrency x DB_POOL_SIZE",
                "+ 1 x DB_POOL_SIZE (PruneFunction, reserved concurrency 1)");
        int steady = consumers * consumerPool + readers * readPool + prunePool;
        assertThat(text).contains("= %d x %d + %d x %d + 1 x %d (+ 2) = %d (%d)".formatted(consumers, consumerPool, readers,
                readPool, prunePool, steady, steady + 2));
        var deployed = DeployedTemplate.withDefaults();
        assertThat(deployed.property("PruneFunction", "ReservedConcurrentExecutions")).contains(1);
        assertThat(deployed.property("ReadFunction", "ReservedConcurrentExecutions"))
                .as("the read function's cap is the parameter the formula names").contains(ref("ReadMaxConcurrency"));
        var small = new DeployedTemplate(TEMPLATE, Map.of("ReservedConcurrency", "false"));
        for (var function : List.of("ReadFunction", "ConsumerFunction", "PruneFunction")) {
            assertThat(small.property(function, "ReservedConcurrentExecutions")).as("%s with ReservedConcurrency=false", function)
                    .isEmpty();
        }
        assertThat(SamTemplate.map(consumerEvent(), "ScalingConfig").get("MaximumConcurrency"))
                .as("what caps the consumer without a reservation").isEqualTo(ref("ConsumerMaxConcurrency"));
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
    void cloudFormationNamesTheQueues_soARedeployAfterADeleteOrASecondStackGetsQueuesOfItsOwn() {
        var outputs = SamTemplate.map(TEMPLATE.root(), "Outputs");
        for (var queue : List.of("WriteQueue", "WriteDeadLetterQueue")) {
            // A fixed QueueName collides with the queue a deleted stack retained ("already exists").
            assertThat(TEMPLATE.properties(queue)).as(queue).doesNotContainKey("QueueName");
            assertThat(outputs.values()).as("the stack's outputs name %s for the operator CLI (--stack)", queue)
                    .contains(Map.of("Value", Map.of("Fn::GetAtt", List.of(queue, "QueueName")),
                            "Description", SamTemplate.map(outputs, queue.equals("WriteQueue") ? "WriteQueueName"
                                    : "DeadLetterQueueName").get("Description")));
        }
        // The local runtime and the CLI's defaults keep their names.
        assertThat(SamTemplate.map(SamTemplate.map(TEMPLATE.resources(), "WriteQueue"), "Metadata").get("LocalQueueName"))
                .isEqualTo("tourist-writes");
    }

    @Test
    void aDeadLetterHasAtLeastTenDaysOnTheDeadLetterQueue_thoughItKeepsItsFirstEnqueueTime() {
        int writeQueue = intValue(TEMPLATE.properties("WriteQueue").get("MessageRetentionPeriod"));
        int deadLetterQueue = intValue(TEMPLATE.properties("WriteDeadLetterQueue").get("MessageRetentionPeriod"));
        int visibilityTimeout = intValue(TEMPLATE.properties("WriteQueue").get("VisibilityTimeout"));
        int maxReceiveCount = intValue(SamTemplate.map(TEMPLATE.properties("WriteQueue"), "RedrivePolicy").get("maxReceiveCount"));
        int day = 24 * 3600;

        assertThat(writeQueue).as("4 days (PLAN)").isEqualTo(4 * day);
        assertThat(deadLetterQueue).as("14 days, the SQS maximum").isEqualTo(14 * day);
        // A standard queue's message keeps its enqueue time when it is moved to the dead-letter queue, so it
        // expires there at (DLQ retention - its age). The oldest dead letter is at most the write queue's
        // retention old: it has 14 - 4 = 10 days left for an operator.
        // https://docs.aws.amazon.com/AWSSimpleQueueService/latest/SQSDeveloperGuide/sqs-dead-letter-queues.html
        assertThat(deadLetterQueue - writeQueue).as("days an operator has for the oldest dead letter")
                .isGreaterThanOrEqualTo(10 * day);
        // A message failing every receive reaches the DLQ long before it could expire on the write queue.
        assertThat(maxReceiveCount * visibilityTimeout).isLessThan(writeQueue);
    }

    @Test
    void whatHoldsAcceptedWritesOrTheirIdsIsKeptWhenTheStackIsDeletedOrTheResourceReplaced_butNotAfterAFailedCreate() {
        // The queues hold writes answered 202; the id key decides which ids a retried Idempotency-Key gets. A
        // first create that fails held neither: its rollback deletes them, so a retry does not find them in the way.
        for (var resource : List.of("WriteQueue", "WriteDeadLetterQueue", "IdKeySecret")) {
            var definition = SamTemplate.map(TEMPLATE.resources(), resource);
            assertThat(definition.get("DeletionPolicy")).as("%s DeletionPolicy", resource).isEqualTo("RetainExceptOnCreate");
            assertThat(definition.get("UpdateReplacePolicy")).as("%s UpdateReplacePolicy", resource).isEqualTo("Retain");
        }
    }

    @Test
    void theIdKeyIsAGeneratedSecretTheWriteApiAloneMayRead() {
        var secret = TEMPLATE.properties("IdKeySecret");
        var generated = SamTemplate.map(secret, "GenerateSecretString");
        assertThat(intValue(generated.get("PasswordLength"))).isGreaterThanOrEqualTo(32);
        assertThat(secret).doesNotContainKey("SecretString");
        assertThat(TEMPLATE.environment("ApiFunction").get("ID_KEY_SECRET_ARN")).isEqualTo(ref("IdKeySecret"));
        for (var function : List.of("ReadFunction", "ConsumerFunction")) {
            assertThat(TEMPLATE.environment(function)).doesNotContainKey("ID_KEY_SECRET_ARN");
        }
        assertThat(TEMPLATE.resources().values().stream().map(String::valueOf))
                .as("no rotation: a new key would give a retried Idempotency-Key new ids")
                .noneMatch(resource -> resource.contains("AWS::SecretsManager::RotationSchedule"));
    }

    @Test
    void everyFunctionRunsJavaOnArm64_withSnapStartOnPublishedVersionsBehindAnAlias() {
        for (var function : FUNCTIONS) {
            assertThat(TEMPLATE.functionProperty(function, "Runtime")).get().isIn("java21", "java25");
            assertThat(TEMPLATE.functionProperty(function, "Architectures")).get().asList().containsExactly("arm64");
            assertThat(TEMPLATE.functionProperty(function, "SnapStart")).get()
                    .isEqualTo(Map.of("ApplyOn", "PublishedVersions"));
            assertThat(TEMPLATE.functionProperty(function, "AutoPublishAlias")).get().asString().isNotBlank();
            assertThat(String.valueOf(TEMPLATE.properties(function).get("CodeUri"))).startsWith("target/").endsWith("-function.jar");
        }
    }

    @Test
    void tieredCompilationIsLeftToLambdasJava25Runtime() {
        // java25 stops at C1 for on-demand starts and compiles fully before a SnapStart snapshot; a
        // JAVA_TOOL_OPTIONS TieredStopAtLevel would undo the second. https://docs.aws.amazon.com/lambda/latest/dg/java-customization.html
        for (var function : FUNCTIONS) {
            assertThat(TEMPLATE.functionProperty(function, "Runtime")).get().isEqualTo("java25");
            assertThat(String.valueOf(TEMPLATE.environment(function).getOrDefault("JAVA_TOOL_OPTIONS", "")))
                    .doesNotContain("TieredStopAtLevel");
        }
    }

    @Test
    void metricsFindTheirNamespaceAndService() {
        for (var function : FUNCTIONS) {
            var env = TEMPLATE.environment(function);
            assertThat(env.get("POWERTOOLS_METRICS_NAMESPACE")).asString().isNotBlank();
            assertThat(env.get("POWERTOOLS_SERVICE_NAME")).asString().isNotBlank();
        }
    }

    @Test
    void noDatabasePasswordIsEverAPlainEnvironmentVariable() {
        for (var function : FUNCTIONS) {
            assertThat(TEMPLATE.environment(function).keySet()).noneMatch(name -> name.contains("PASSWORD"));
        }
        // Each function logs in as its own role, from a generated secret; the deployer's only without migrations.
        var deployed = DeployedTemplate.withDefaults();
        var unmigrated = new DeployedTemplate(TEMPLATE, DatabaseTemplateTest.EXISTING_UNMIGRATED);
        for (var login : Map.of("ReadFunction", "ReaderDatabaseSecret", "ConsumerFunction", "ConsumerDatabaseSecret",
                "PruneFunction", "PruneDatabaseSecret").entrySet()) {
            assertThat(deployed.environment(login.getKey()).get("DB_SECRET_ARN")).isEqualTo(ref(login.getValue()));
            assertThat(unmigrated.environment(login.getKey()).get("DB_SECRET_ARN")).isEqualTo(ref("DatabaseSecretArn"));
        }
        assertThat(String.valueOf(parameter("DatabaseSecretArn").get("AllowedPattern"))).contains("secretsmanager");
        assertThat(SamTemplate.map(TEMPLATE.root(), "Parameters").keySet())
                .noneMatch(name -> name.toLowerCase().contains("password"));
    }

    @Test
    void theDatabaseFunctionsRunInTheStacksVpc_orTheOneGivenAsParameters_andTheWriteApiStaysOutOfIt() {
        var created = DeployedTemplate.withDefaults();
        var existing = new DeployedTemplate(TEMPLATE, DatabaseTemplateTest.EXISTING);
        for (var function : List.of("ReadFunction", "ConsumerFunction", "PruneFunction", "MigrationFunction")) {
            var vpc = created.map(function, "VpcConfig");
            assertThat(vpc.get("SubnetIds")).isEqualTo(List.of(ref("PrivateSubnetA"), ref("PrivateSubnetB")));
            assertThat(String.valueOf(vpc.get("SecurityGroupIds"))).contains(String.valueOf(ref("FunctionSecurityGroup")));
            var given = existing.map(function, "VpcConfig");
            assertThat(given.get("SubnetIds")).isEqualTo(ref("SubnetIds"));
            assertThat(given.get("SecurityGroupIds")).isEqualTo(ref("SecurityGroupIds"));
        }
        // Not List<AWS::EC2::Subnet::Id>: an AWS-typed list parameter cannot be left empty, as DatabaseMode=create leaves it.
        assertThat(parameter("SubnetIds").get("Type")).isEqualTo("CommaDelimitedList");
        assertThat(parameter("SecurityGroupIds").get("Type")).isEqualTo("CommaDelimitedList");
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
                Map.of("SQSSendMessagePolicy", Map.of("QueueName", Map.of("Fn::GetAtt", List.of("WriteQueue", "QueueName")))),
                Map.of("AWSSecretsManagerGetSecretValuePolicy", Map.of("SecretArn", ref("IdKeySecret"))));
        var deployed = DeployedTemplate.withDefaults();
        var readStatements = new ArrayList<Map<?, ?>>();
        collectStatements(deployed.property("ReadFunction", "Policies").orElseThrow(), readStatements);
        assertThat(readStatements).hasSize(1);
        assertThat(readStatements.getFirst().get("Action")).isEqualTo("secretsmanager:GetSecretValue");
        assertThat(readStatements.getFirst().get("Resource")).isEqualTo(List.of(ref("ReaderDatabaseSecret")));
        // An SQS event would attach AWSLambdaSQSQueueExecutionRole (receive/delete on every queue) to a
        // SAM-made role; the consumer has its own, scoped to the two queues and the secret.
        assertThat(TEMPLATE.properties("ConsumerFunction").get("Role"))
                .isEqualTo(Map.of("Fn::GetAtt", List.of("ConsumerRole", "Arn")));
        var statements = new ArrayList<Map<?, ?>>();
        collectStatements(deployed.property("ConsumerRole", "Policies").orElseThrow(), statements);
        assertThat(statements.stream().filter(s -> s.containsKey("Resource")).map(s -> (Object) s.get("Resource")))
                .containsExactlyInAnyOrder(
                Map.of("Fn::GetAtt", List.of("WriteQueue", "Arn")),
                Map.of("Fn::GetAtt", List.of("WriteDeadLetterQueue", "Arn")),
                List.of(ref("ConsumerDatabaseSecret")));
        // What the event source mapping's poller uses (AWS's AWSLambdaSQSQueueExecutionRole grants the same
        // three), what the consumer's own calls use (ChangeMessageVisibilityBatch, to send a batch back with its
        // backoff while the database is down, is authorized as sqs:ChangeMessageVisibility; SendMessageBatch as
        // sqs:SendMessage), and nothing else: the write queue's URL comes from the environment, not GetQueueUrl.
        assertThat(statements.stream().filter(s -> s.containsKey("Resource")).map(s -> (Object) s.get("Action")).toList())
                .containsExactlyInAnyOrder(
                List.of("sqs:ReceiveMessage", "sqs:DeleteMessage", "sqs:ChangeMessageVisibility",
                        "sqs:GetQueueAttributes"),
                "sqs:SendMessage",
                "secretsmanager:GetSecretValue");
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
                "POST /tourists/batch", "ApiFunction.Alias",
                "PUT /tourists/{id}", "ApiFunction.Alias",
                "DELETE /tourists/{id}", "ApiFunction.Alias",
                "$default", "ApiFunction.Alias",
                "GET /tourists/{id}", "ReadFunction.Alias",
                "GET /tourists/{id}/writes/{writeId}", "ReadFunction.Alias",
                "GET /tourists", "ReadFunction.Alias",
                "GET /tourists/changes", "ReadFunction.Alias"));
    }

    @Test
    void alarmsWatchTheQueuesTheWritePathTheReadsAndTheHttpApi_andAllNotifyTheAlarmTopic() {
        var alarms = new ArrayList<String>();
        TEMPLATE.resources().forEach((id, resource) -> {
            if ("AWS::CloudWatch::Alarm".equals(SamTemplate.map(TEMPLATE.resources(), id).get("Type"))) {
                var properties = TEMPLATE.properties(id);
                var dimension = ((List<?>) properties.get("Dimensions")).getFirst();
                alarms.add(properties.get("MetricName") + " of " + ((Map<?, ?>) dimension).get("Value"));
                assertThat(properties.get("AlarmActions")).as(id).asList().containsExactly(ref("AlarmTopic"));
            }
        });
        assertThat(alarms).containsExactlyInAnyOrder(
                "ApproximateNumberOfMessagesVisible of " + Map.of("Fn::GetAtt", List.of("WriteDeadLetterQueue", "QueueName")),
                "ApproximateAgeOfOldestMessage of " + Map.of("Fn::GetAtt", List.of("WriteQueue", "QueueName")),
                "Errors of " + ref("ConsumerFunction"),
                "Throttles of " + ref("ConsumerFunction"),
                "Errors of " + ref("ApiFunction"),
                "QueueUnavailable of tourists",
                "5xx of " + ref("HttpApi"),
                "Errors of " + ref("ReadFunction"),
                "Throttles of " + ref("ReadFunction"),
                "ImportFailedRuns of tourists",
                "ImportDeletesHeld of tourists",
                "Errors of " + ref("ImportFunction"));
    }

    @Test
    void theImportBucketIsEncryptedPrivateAndExpiresUploads_andItsLowerCaseNameIsTheFunctions() {
        var bucket = TEMPLATE.properties("ImportBucket");
        assertThat(bucket).containsKey("BucketEncryption");
        assertThat(SamTemplate.map(bucket, "PublicAccessBlockConfiguration")).containsOnly(
                Map.entry("BlockPublicAcls", true), Map.entry("BlockPublicPolicy", true),
                Map.entry("IgnorePublicAcls", true), Map.entry("RestrictPublicBuckets", true));
        var rules = (List<?>) SamTemplate.map(bucket, "LifecycleConfiguration").get("Rules");
        assertThat(rules).anySatisfy(rule -> {
            assertThat(((Map<?, ?>) rule).get("Prefix")).isEqualTo("incoming/");
            assertThat(((Map<?, ?>) rule).get("ExpirationInDays")).isEqualTo(ref("ProcessedUploadExpiryDays"));
        });

        var deployed = DeployedTemplate.withDefaults();
        var name = deployed.text("ImportBucket", "BucketName");
        assertThat(name).isEqualTo("tourists-imports-51af3dc0-da77-11e4-872e-1234567db123").matches("[a-z0-9-]{3,63}");
        assertThat(deployed.text(TEMPLATE.environment("ImportFunction").get("IMPORT_BUCKET"))).isEqualTo(name);
    }

    @Test
    void theImportScheduleExistsOnlyWithASourceUrl() {
        assertThat(DeployedTemplate.withDefaults().creates("ImportSchedule")).isFalse();
        var withSource = new DeployedTemplate(TEMPLATE, Map.of("SyncSourceUrl", "https://partner.example.com/tourists"));
        assertThat(withSource.creates("ImportSchedule")).isTrue();
        assertThat(withSource.creates("ImportScheduleRole")).isTrue();
        assertThat(withSource.text("ImportSchedule", "ScheduleExpression")).isEqualTo("rate(5 minutes)");
    }

    @Test
    void theAlarmTopicIsEncryptedWithAKeyWhosePolicyLetsCloudWatchPublishToIt() {
        var topic = TEMPLATE.properties("AlarmTopic");
        assertThat(topic.get("KmsMasterKeyId")).as("not alias/aws/sns, whose policy CloudWatch may not use")
                .isEqualTo(Map.of("Fn::GetAtt", List.of("AlarmTopicKey", "Arn")));
        var key = TEMPLATE.properties("AlarmTopicKey");
        assertThat(key.get("EnableKeyRotation")).isEqualTo(true);
        var deployed = DeployedTemplate.withDefaults();
        var topicArn = "arn:aws:sns:eu-west-1:123456789012:" + deployed.text("AlarmTopic", "TopicName");
        var statements = (List<?>) SamTemplate.map(key, "KeyPolicy").get("Statement");
        // https://docs.aws.amazon.com/sns/latest/dg/sns-key-management.html#compatibility-with-aws-services
        assertThat(statements).anySatisfy(statement -> {
            var map = (Map<?, ?>) statement;
            assertThat(map.get("Principal")).isEqualTo(Map.of("Service", "cloudwatch.amazonaws.com"));
            assertThat(map.get("Action")).asList().containsExactlyInAnyOrder("kms:Decrypt", "kms:GenerateDataKey*");
            var condition = (Map<?, ?>) map.get("Condition");
            assertThat(deployed.text(((Map<?, ?>) condition.get("StringEquals")).get("kms:EncryptionContext:aws:sns:topicArn")))
                    .as("for the alarm topic only").isEqualTo(topicArn);
        });
        assertThat(statements).as("the account keeps the key manageable").anySatisfy(statement -> assertThat(
                ((Map<?, ?>) statement).get("Principal")).isEqualTo(Map.of("AWS",
                Map.of("Fn::Sub", "arn:${AWS::Partition}:iam::${AWS::AccountId}:root"))));
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
