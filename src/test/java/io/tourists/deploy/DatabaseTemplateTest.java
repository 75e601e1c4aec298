package io.tourists.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import io.tourists.local.template.SamTemplate;
import io.tourists.migrate.AppRole;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * What template.yaml builds for the database (DatabaseMode=create, the default) and what it leaves alone
 * (existing): a network without NAT whose security groups allow exactly functions -> database and functions ->
 * endpoints, an Aurora Serverless v2 cluster that pauses, the migration that runs before the functions need
 * the schema, and the Rules that refuse a deploy AWS would fail halfway.
 */
class DatabaseTemplateTest {

    static final SamTemplate TEMPLATE = TemplateTest.TEMPLATE;
    static final Map<String, String> EXISTING = Map.of(
            "DatabaseMode", "existing",
            "DatabaseJdbcUrl", "jdbc:postgresql://tourists.cluster-abc.eu-west-1.rds.amazonaws.com:5432/tourists",
            "DatabaseSecretArn", "arn:aws:secretsmanager:eu-west-1:123456789012:secret:tourists-db-AbCdEf",
            "SubnetIds", "subnet-0123456789abcdef0,subnet-0123456789abcdef1",
            "SecurityGroupIds", "sg-0123456789abcdef0");
    static final Map<String, String> EXISTING_UNMIGRATED = with(EXISTING, "RunMigrations", "false");

    /** What DatabaseMode=create adds, and existing leaves out. */
    static final List<String> CREATED_FOR_THE_DATABASE = List.of("Vpc", "PrivateSubnetA", "PrivateSubnetB",
            "PrivateRouteTable", "FunctionSecurityGroup", "S3ResponseSecurityGroup", "DatabaseSecurityGroup",
            "DatabaseIngressFromFunctions", "EndpointSecurityGroup", "EndpointIngressFromFunctions", "SqsEndpoint",
            "SecretsManagerEndpoint", "S3GatewayEndpoint", "DatabaseSubnetGroup", "DatabaseClusterParameterGroup",
            "DatabaseCluster", "DatabaseInstance");
    static final List<String> CREATED_FOR_THE_MIGRATION = List.of("MigrationFunction", "MigrationFunctionLogs",
            "DatabaseSchema", "ReaderDatabaseSecret", "ConsumerDatabaseSecret", "PruneDatabaseSecret");

    private static Map<String, String> with(Map<String, String> parameters, String name, String value) {
        var copy = new java.util.HashMap<>(parameters);
        copy.put(name, value);
        return Map.copyOf(copy);
    }

    private static Object ref(String name) {
        return Map.of("Ref", name);
    }

    private static List<String> resourcesOfType(String type) {
        return TEMPLATE.resourceIdsOfType(type);
    }

    @Test
    void theDefaultCreatesTheDatabaseAndMigratesIt_existingCreatesNeither_andCanLeaveTheMigrationOut() {
        var created = DeployedTemplate.withDefaults();
        var existing = new DeployedTemplate(TEMPLATE, EXISTING);
        var unmigrated = new DeployedTemplate(TEMPLATE, EXISTING_UNMIGRATED);
        for (var resource : CREATED_FOR_THE_DATABASE) {
            assertThat(created.creates(resource)).as("create: %s", resource).isTrue();
            assertThat(existing.creates(resource)).as("existing: %s", resource).isFalse();
        }
        for (var resource : CREATED_FOR_THE_MIGRATION) {
            assertThat(created.creates(resource)).as("create: %s", resource).isTrue();
            assertThat(existing.creates(resource)).as("existing: %s", resource).isTrue();
            assertThat(unmigrated.creates(resource)).as("existing, RunMigrations=false: %s", resource).isFalse();
        }
    }

    @Test
    void theNetworkHasNoNatNoInternetGatewayAndNoRouteOut_inTwoZones() {
        for (var type : List.of("AWS::EC2::NatGateway", "AWS::EC2::InternetGateway", "AWS::EC2::VPCGatewayAttachment",
                "AWS::EC2::EIP", "AWS::EC2::Route", "AWS::EC2::EgressOnlyInternetGateway")) {
            assertThat(resourcesOfType(type)).as(type).isEmpty();
        }
        assertThat(resourcesOfType("AWS::EC2::Subnet")).containsExactly("PrivateSubnetA", "PrivateSubnetB");
        assertThat(TEMPLATE.properties("PrivateSubnetA").get("AvailabilityZone"))
                .isEqualTo(Map.of("Fn::Select", List.of(0, Map.of("Fn::GetAZs", ""))));
        assertThat(TEMPLATE.properties("PrivateSubnetB").get("AvailabilityZone"))
                .isEqualTo(Map.of("Fn::Select", List.of(1, Map.of("Fn::GetAZs", ""))));
        for (var subnet : List.of("PrivateSubnetA", "PrivateSubnetB")) {
            assertThat(TEMPLATE.properties(subnet).get("MapPublicIpOnLaunch")).isEqualTo(false);
        }
        assertThat(TEMPLATE.properties("Vpc")).containsEntry("EnableDnsSupport", true).containsEntry("EnableDnsHostnames", true);
    }

    @Test
    void theFunctionsReachSqsAndSecretsManagerThroughInterfaceEndpoints_andS3ThroughAFreeGatewayEndpoint() {
        for (var endpoint : Map.of("SqsEndpoint", "sqs", "SecretsManagerEndpoint", "secretsmanager").entrySet()) {
            var properties = TEMPLATE.properties(endpoint.getKey());
            assertThat(properties.get("ServiceName")).isEqualTo(Map.of("Fn::Sub", "com.amazonaws.${AWS::Region}." + endpoint.getValue()));
            assertThat(properties).containsEntry("VpcEndpointType", "Interface").containsEntry("PrivateDnsEnabled", true);
            assertThat(properties.get("SubnetIds")).isEqualTo(List.of(ref("PrivateSubnetA"), ref("PrivateSubnetB")));
            assertThat(properties.get("SecurityGroupIds")).isEqualTo(List.of(ref("EndpointSecurityGroup")));
        }
        var s3 = TEMPLATE.properties("S3GatewayEndpoint");
        assertThat(s3).containsEntry("VpcEndpointType", "Gateway");
        assertThat(s3.get("ServiceName")).isEqualTo(Map.of("Fn::Sub", "com.amazonaws.${AWS::Region}.s3"));
        assertThat(s3.get("RouteTableIds")).isEqualTo(List.of(ref("PrivateRouteTable")));
        assertThat(resourcesOfType("AWS::EC2::SubnetRouteTableAssociation")).hasSize(2);
        assertThat(resourcesOfType("AWS::EC2::VPCEndpoint")).hasSize(3);
    }

    @Test
    void securityGroupsAllowExactlyFunctionsToDatabaseOn5432_andFunctionsToEndpointsOn443() {
        assertThat(TEMPLATE.properties("FunctionSecurityGroup").get("SecurityGroupEgress")).asList()
                .extracting(rule -> rule((Map<?, ?>) rule))
                .containsExactlyInAnyOrder("tcp 5432-5432 -> DatabaseSecurityGroup", "tcp 443-443 -> EndpointSecurityGroup");
        for (var closed : List.of("DatabaseSecurityGroup", "EndpointSecurityGroup")) {
            assertThat(TEMPLATE.properties(closed).get("SecurityGroupEgress")).as("%s sends nothing", closed).asList()
                    .extracting(rule -> rule((Map<?, ?>) rule)).containsExactly("-1 null-null -> 127.0.0.1/32");
            assertThat(TEMPLATE.properties(closed)).doesNotContainKey("SecurityGroupIngress");
        }
        var ingress = new ArrayList<String>();
        for (var id : resourcesOfType("AWS::EC2::SecurityGroupIngress")) {
            var properties = TEMPLATE.properties(id);
            ingress.add(((Map<?, ?>) properties.get("GroupId")).get("Ref") + " <- " + properties.get("IpProtocol") + " "
                    + properties.get("FromPort") + "-" + properties.get("ToPort") + " from "
                    + ((Map<?, ?>) properties.get("SourceSecurityGroupId")).get("Ref"));
        }
        assertThat(ingress).containsExactlyInAnyOrder(
                "DatabaseSecurityGroup <- tcp 5432-5432 from FunctionSecurityGroup",
                "EndpointSecurityGroup <- tcp 443-443 from FunctionSecurityGroup");
        assertThat(resourcesOfType("AWS::EC2::SecurityGroupEgress")).isEmpty();
        // The one way out: HTTPS, which only the S3 gateway endpoint routes, for the migration's answer to CloudFormation.
        assertThat(TEMPLATE.properties("S3ResponseSecurityGroup").get("SecurityGroupEgress")).asList()
                .extracting(rule -> rule((Map<?, ?>) rule)).containsExactly("tcp 443-443 -> 0.0.0.0/0");
        var created = DeployedTemplate.withDefaults();
        for (var function : List.of("ReadFunction", "ConsumerFunction", "PruneFunction")) {
            assertThat(created.map(function, "VpcConfig").get("SecurityGroupIds")).as(function)
                    .isEqualTo(List.of(ref("FunctionSecurityGroup")));
        }
        assertThat(created.map("MigrationFunction", "VpcConfig").get("SecurityGroupIds"))
                .isEqualTo(List.of(ref("FunctionSecurityGroup"), ref("S3ResponseSecurityGroup")));
        assertThat(TEMPLATE.properties("DatabaseCluster").get("VpcSecurityGroupIds")).isEqualTo(List.of(ref("DatabaseSecurityGroup")));
    }

    private static String rule(Map<?, ?> rule) {
        var destination = rule.get("DestinationSecurityGroupId") instanceof Map<?, ?> group ? group.get("Ref") : rule.get("CidrIp");
        return rule.get("IpProtocol") + " " + rule.get("FromPort") + "-" + rule.get("ToPort") + " -> " + destination;
    }

    @Test
    void theClusterIsAuroraServerlessV2ThatScalesToZeroAndPauses_encrypted_withAGeneratedMasterSecret() {
        var cluster = TEMPLATE.properties("DatabaseCluster");
        assertThat(cluster).containsEntry("Engine", "aurora-postgresql").containsEntry("StorageEncrypted", true)
                .containsEntry("ManageMasterUserPassword", true).doesNotContainKey("MasterUserPassword");
        // 0 ACUs needs Aurora PostgreSQL 16.3 or later in the 16 line.
        // https://docs.aws.amazon.com/AmazonRDS/latest/AuroraUserGuide/aurora-serverless-v2-auto-pause.html
        var version = Arrays.stream(String.valueOf(cluster.get("EngineVersion")).split("\\.")).mapToInt(Integer::parseInt).toArray();
        assertThat(version[0] > 16 || version[0] == 16 && version[1] >= 3).as("engine %s", cluster.get("EngineVersion")).isTrue();
        var scaling = SamTemplate.map(cluster, "ServerlessV2ScalingConfiguration");
        assertThat(scaling.get("MinCapacity")).isEqualTo(0);
        assertThat(scaling.get("MaxCapacity")).isEqualTo(ref("DatabaseMaxCapacity"));
        assertThat(scaling.get("SecondsUntilAutoPause")).isEqualTo(ref("DatabaseSecondsUntilAutoPause"));
        var pause = SamTemplate.map(SamTemplate.map(TEMPLATE.root(), "Parameters"), "DatabaseSecondsUntilAutoPause");
        assertThat(pause).containsEntry("MinValue", 300).containsEntry("MaxValue", 86400);
        assertThat(TEMPLATE.properties("DatabaseInstance")).containsEntry("DBInstanceClass", "db.serverless")
                .containsEntry("PubliclyAccessible", false);
        assertThat(cluster.get("DBClusterParameterGroupName")).isEqualTo(ref("DatabaseClusterParameterGroup"));
        var parameterGroup = TEMPLATE.properties("DatabaseClusterParameterGroup");
        assertThat(parameterGroup.get("Family")).isEqualTo("aurora-postgresql" + version[0]);
        assertThat(SamTemplate.map(parameterGroup, "Parameters")).as("no personal data in a constraint error's DETAIL")
                .containsEntry("log_error_verbosity", "terse");
    }

    @Test
    void deletingTheStackOrReplacingTheClusterLeavesASnapshot() {
        var cluster = SamTemplate.map(TEMPLATE.resources(), "DatabaseCluster");
        assertThat(cluster).containsEntry("DeletionPolicy", "Snapshot").containsEntry("UpdateReplacePolicy", "Snapshot");
    }

    @Test
    void theMigrationRunsBeforeTheDatabaseFunctionsAreCreated_onEveryNewMigrationFunctionVersion() {
        var schema = TEMPLATE.properties("DatabaseSchema");
        assertThat(SamTemplate.map(TEMPLATE.resources(), "DatabaseSchema").get("Type")).isEqualTo("AWS::CloudFormation::CustomResource");
        assertThat(schema.get("ServiceToken")).isEqualTo(ref("MigrationFunction.Alias"));
        assertThat(schema.get("MigrationFunctionVersion")).as("a new jar (migrations) updates the resource, which migrates")
                .isEqualTo(ref("MigrationFunction.Version"));
        var timeout = (Integer) TEMPLATE.properties("MigrationFunction").get("Timeout");
        assertThat((Integer) schema.get("ServiceTimeout")).isGreaterThan(timeout).isLessThanOrEqualTo(3600);
        // The instance, the secrets' endpoint and the route to S3 exist before the migration connects and answers.
        assertThat(String.valueOf(schema.get("Network"))).contains("DatabaseInstance", "SecretsManagerEndpoint",
                "S3GatewayEndpoint", "PrivateSubnetARoutes", "PrivateSubnetBRoutes");
        var ready = SamTemplate.map(SamTemplate.map(TEMPLATE.resources(), "SchemaReady"), "Metadata");
        assertThat(ready.get("Schema")).isEqualTo(Map.of("Fn::If", List.of("MigratesDatabase", ref("DatabaseSchema"), "none")));
        for (var function : List.of("ReadFunction", "ConsumerFunction", "PruneFunction")) {
            assertThat(SamTemplate.map(TEMPLATE.resources(), function).get("DependsOn")).as(function).isEqualTo("SchemaReady");
        }
        assertThat(SamTemplate.map(TEMPLATE.resources(), "ApiFunction")).as("the write API needs no schema").doesNotContainKey("DependsOn");
    }

    @Test
    void theMigrationFunctionHasItsOwnJar_noSnapStart_andTheSecretsOfTheMasterAndOfEachRole() {
        var function = TEMPLATE.properties("MigrationFunction");
        assertThat(function).containsEntry("CodeUri", "target/migrate-function.jar")
                .containsEntry("Handler", "io.tourists.migrate.MigrateFunction::handleRequest").containsEntry("Timeout", 900);
        assertThat(function.get("SnapStart")).isEqualTo(Map.of("ApplyOn", "None"));
        var created = DeployedTemplate.withDefaults().environment("MigrationFunction");
        assertThat(created.get("DB_SECRET_ARN")).isEqualTo(Map.of("Fn::GetAtt", List.of("DatabaseCluster", "MasterUserSecret.SecretArn")));
        assertThat(new DeployedTemplate(TEMPLATE, EXISTING).environment("MigrationFunction").get("DB_SECRET_ARN"))
                .isEqualTo(ref("DatabaseSecretArn"));
        var secretOfRole = Map.of(AppRole.READER, "ReaderDatabaseSecret", AppRole.CONSUMER, "ConsumerDatabaseSecret",
                AppRole.PRUNE, "PruneDatabaseSecret");
        for (var role : AppRole.values()) {
            var secret = secretOfRole.get(role);
            assertThat(created.get(role.secretVariable())).isEqualTo(ref(secret));
            var generated = SamTemplate.map(TEMPLATE.properties(secret), "GenerateSecretString");
            assertThat(generated.get("SecretStringTemplate")).as("the user name is the role's")
                    .isEqualTo("{\"username\": \"" + role.roleName() + "\"}");
            assertThat(generated).containsEntry("GenerateStringKey", "password").containsEntry("ExcludePunctuation", true);
            assertThat((Integer) generated.get("PasswordLength")).isGreaterThanOrEqualTo(32);
        }
        assertThat(created.keySet()).containsExactlyInAnyOrder("DB_URL", "DB_SECRET_ARN", "READER_DB_SECRET_ARN",
                "CONSUMER_DB_SECRET_ARN", "PRUNE_DB_SECRET_ARN");
    }

    @Test
    @SuppressWarnings("unchecked")
    void theRulesRefuseARegionWithoutSnapStart_aLargeBatchWithoutAWindow_andAnIncompleteDatabaseChoice() {
        var rules = SamTemplate.map(TEMPLATE.root(), "Rules");
        assertThat(rules.keySet()).containsExactlyInAnyOrder("SnapStartRegion", "LargeBatchesNeedABatchingWindow",
                "CreatedDatabaseIsMigrated", "ExistingDatabaseIsNamed");
        assertThat(String.valueOf(rules.get("SnapStartRegion"))).contains("ap-southeast-6", "ap-east-2", "AWS::Region");
        var batches = SamTemplate.map(rules, "LargeBatchesNeedABatchingWindow");
        assertThat(batches.get("RuleCondition")).isEqualTo(Map.of("Fn::Equals", List.of(ref("ConsumerBatchingWindowSeconds"), "0")));
        var allowed = (List<Object>) ((List<?>) ((Map<?, ?>) ((Map<?, ?>) ((List<?>) batches.get("Assertions")).getFirst())
                .get("Assert")).get("Fn::Contains")).getFirst();
        assertThat(allowed).as("what Lambda accepts without a batching window")
                .containsExactly("1", "2", "3", "4", "5", "6", "7", "8", "9", "10");
        var named = String.valueOf(SamTemplate.map(rules, "ExistingDatabaseIsNamed"));
        for (var parameter : List.of("DatabaseJdbcUrl", "DatabaseSecretArn", "SubnetIds", "SecurityGroupIds")) {
            assertThat(named).contains(parameter);
        }
        assertThat(String.valueOf(SamTemplate.map(rules, "CreatedDatabaseIsMigrated"))).contains("RunMigrations");
    }

    @Test
    void pruneRunsDailyByDefault_soThatItWakesAPausedDatabaseOnceADay() {
        var parameter = SamTemplate.map(SamTemplate.map(TEMPLATE.root(), "Parameters"), "PruneSchedule");
        assertThat(parameter.get("Default")).isEqualTo("rate(1 day)");
        var events = SamTemplate.map(TEMPLATE.properties("PruneFunction"), "Events");
        assertThat(String.valueOf(events)).contains("Schedule=" + ref("PruneSchedule"));
        assertThat(Set.of("true", "false")).contains(String.valueOf(SamTemplate.map(SamTemplate.map(TEMPLATE.root(),
                "Parameters"), "ReservedConcurrency").get("Default")));
    }
}
