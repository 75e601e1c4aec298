package io.tourists.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.tourists.json.Json;
import io.tourists.local.template.SamTemplate;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The CloudWatch dashboard in template.yaml: its body is JSON once CloudFormation has substituted it, its alarm
 * widget lists every alarm the template declares (derived from the template, so an alarm added later must be
 * added to it), and every metric it names is one that AWS publishes for a resource of this stack, or one the
 * functions' code publishes as EMF, under the namespace and Service dimension the template gives them.
 */
class DashboardTest {

    private static final SamTemplate TEMPLATE = TemplateTest.TEMPLATE;
    private static final String DASHBOARD = "OperationsDashboard";
    private static final Pattern SUBSTITUTION = Pattern.compile("\\$\\{([^}]+)}");
    private static final Pattern METRIC_NAME = Pattern.compile("static final String \\w+ = \"(\\w+)\";");

    /**
     * What AWS publishes, by namespace: the dimension that names the resource, the resource types it names, and
     * the metric names used here. https://docs.aws.amazon.com/AmazonCloudWatch/latest/monitoring/aws-services-cloudwatch-metrics.html
     */
    private record AwsNamespace(String dimension, Set<String> resourceTypes, Set<String> metrics) {}

    private static final Map<String, AwsNamespace> AWS = Map.of(
            // https://docs.aws.amazon.com/apigateway/latest/developerguide/http-api-metrics.html
            "AWS/ApiGateway", new AwsNamespace("ApiId", Set.of("AWS::ApiGatewayV2::Api"),
                    Set.of("Count", "4xx", "5xx", "Latency", "IntegrationLatency", "DataProcessed")),
            // https://docs.aws.amazon.com/AWSSimpleQueueService/latest/SQSDeveloperGuide/sqs-available-cloudwatch-metrics.html
            "AWS/SQS", new AwsNamespace("QueueName", Set.of("AWS::SQS::Queue"), Set.of(
                    "ApproximateNumberOfMessagesVisible", "ApproximateNumberOfMessagesNotVisible",
                    "ApproximateNumberOfMessagesDelayed", "ApproximateAgeOfOldestMessage", "NumberOfMessagesSent",
                    "NumberOfMessagesReceived", "NumberOfMessagesDeleted", "NumberOfEmptyReceives")),
            // https://docs.aws.amazon.com/lambda/latest/dg/monitoring-metrics-types.html
            "AWS/Lambda", new AwsNamespace("FunctionName", Set.of("AWS::Serverless::Function", "AWS::Lambda::Function"),
                    Set.of("Invocations", "Errors", "Throttles", "Duration", "ConcurrentExecutions")),
            // https://docs.aws.amazon.com/AmazonRDS/latest/AuroraUserGuide/Aurora.AuroraMonitoring.Metrics.html
            "AWS/RDS", new AwsNamespace("DBClusterIdentifier", Set.of("AWS::RDS::DBCluster"), Set.of(
                    "DatabaseConnections", "ServerlessDatabaseCapacity", "ACUUtilization", "CPUUtilization")));

    /** The DatabaseMode values: the body is checked as each makes it. */
    private static final List<String> MODES = List.of("create", "existing");

    /** The body's Fn::Sub: [string, {DatabaseWidgets: !If [CreatesDatabase, !Sub string, '']}]. */
    private static List<?> sub() {
        return (List<?>) SamTemplate.map(TEMPLATE.properties(DASHBOARD), "DashboardBody").get("Fn::Sub");
    }

    /** The database widgets' own Fn::Sub string (DatabaseMode=create). */
    private static String databaseWidgets() {
        @SuppressWarnings("unchecked")
        var variables = (Map<String, Object>) sub().get(1);
        assertThat(variables).containsOnlyKeys("DatabaseWidgets");
        var branches = (List<?>) SamTemplate.map(variables, "DatabaseWidgets").get("Fn::If");
        assertThat(branches.get(0)).isEqualTo("CreatesDatabase");
        assertThat(branches.get(2)).as("nothing without a cluster of the stack's own").isEqualTo("");
        return String.valueOf(((Map<?, ?>) branches.get(1)).get("Fn::Sub"));
    }

    /**
     * The body as CloudFormation makes it with this DatabaseMode: parameters by their defaults, every other name
     * as "ref:NAME".
     */
    private static JsonNode body(String mode) throws IOException {
        var widgets = mode.equals("create") ? substitute(databaseWidgets()) : "";
        return Json.readTree(substitute(String.valueOf(sub().get(0))).replace("${DatabaseWidgets}", widgets));
    }

    private static String substitute(String sub) {
        var parameters = SamTemplate.map(TEMPLATE.root(), "Parameters");
        return SUBSTITUTION.matcher(sub).replaceAll(match -> {
            var name = match.group(1);
            if (name.equals("DatabaseWidgets")) {
                return Matcher.quoteReplacement("${DatabaseWidgets}");
            }
            return parameters.containsKey(name) ? String.valueOf(TEMPLATE.parameterDefault(name).orElseThrow())
                    : "ref:" + name;
        });
    }

    private static List<JsonNode> widgets(String type, String mode) throws IOException {
        var widgets = new ArrayList<JsonNode>();
        body(mode).path("widgets").forEach(widget -> {
            if (type.equals(widget.path("type").asText())) {
                widgets.add(widget);
            }
        });
        return widgets;
    }

    /**
     * Each metric row of every DatabaseMode's body: namespace, name, then dimension name and value pairs; the
     * options object left out, and metric math rows (no namespace) too.
     */
    private static List<List<String>> metrics() throws IOException {
        var rows = new ArrayList<List<String>>();
        for (var mode : MODES) {
            rows.addAll(metrics(mode));
        }
        return rows;
    }

    private static List<List<String>> metrics(String mode) throws IOException {
        var rows = new ArrayList<List<String>>();
        for (var widget : widgets("metric", mode)) {
            for (var row : widget.path("properties").path("metrics")) {
                var fields = new ArrayList<String>();
                row.forEach(field -> {
                    if (field.isTextual()) {
                        fields.add(field.asText());
                    }
                });
                if (!fields.isEmpty()) {
                    rows.add(fields);
                }
            }
        }
        return rows;
    }

    @Test
    void theBodyIsJson_andEverySubstitutionNamesAParameterAPseudoParameterOrAResource() throws IOException {
        for (var mode : MODES) {
            assertThat(body(mode).path("widgets").size()).as(mode).isGreaterThan(5);
        }
        var matcher = SUBSTITUTION.matcher(sub().get(0) + databaseWidgets());
        while (matcher.find()) {
            var name = matcher.group(1);
            if (name.equals("DatabaseWidgets")) {
                continue;
            }
            var resource = name.contains(".") ? name.substring(0, name.indexOf('.')) : name;
            assertThat(name.startsWith("AWS::") || SamTemplate.map(TEMPLATE.root(), "Parameters").containsKey(name)
                    || TEMPLATE.resources().containsKey(resource)).as("${%s} names nothing in the template", name).isTrue();
        }
    }

    @Test
    void theAlarmWidgetListsEveryAlarmOfTheTemplate_andNothingElse() throws IOException {
        var listed = new TreeSet<String>();
        for (var mode : MODES) {
            for (var widget : widgets("alarm", mode)) {
                widget.path("properties").path("alarms").forEach(alarm -> listed.add(alarm.asText()));
            }
        }
        var alarms = TEMPLATE.resourceIdsOfType("AWS::CloudWatch::Alarm");
        assertThat(alarms).isNotEmpty();
        assertThat(listed).as("every AWS::CloudWatch::Alarm in template.yaml, as ${Id.Arn} in the alarm widget")
                .containsExactlyInAnyOrderElementsOf(alarms.stream().map(id -> "ref:" + id + ".Arn").toList());
    }

    @Test
    void everyAwsMetricIsOneAwsPublishesForAResourceOfThisStack() throws IOException {
        for (var metric : metrics()) {
            var namespace = metric.get(0);
            if (namespace.equals(emfNamespace())) {
                continue;
            }
            var published = AWS.get(namespace);
            assertThat(published).as("%s: a namespace this test knows", metric).isNotNull();
            assertThat(published.metrics()).as("%s: a metric %s publishes", metric, namespace).contains(metric.get(1));
            assertThat(metric.subList(2, metric.size())).as("%s: one dimension, %s", metric, published.dimension())
                    .hasSize(2).first().isEqualTo(published.dimension());
            var resource = metric.get(3).replaceFirst("^ref:", "").replaceFirst("\\.QueueName$", "");
            assertThat(published.resourceTypes()).as("%s: names a resource of this stack", metric)
                    .contains(String.valueOf(SamTemplate.map(TEMPLATE.resources(), resource).get("Type")));
        }
    }

    @Test
    void everyPipelineMetricIsOneTheFunctionsPublish_withTheServiceDimensionTheTemplateGivesThem() throws IOException {
        var emitted = emittedByTheCode();
        var service = String.valueOf(SamTemplate.map(SamTemplate.map(SamTemplate.map(SamTemplate.map(TEMPLATE.root(),
                "Globals"), "Function"), "Environment"), "Variables").get("POWERTOOLS_SERVICE_NAME"));
        var used = new HashSet<String>();
        for (var metric : metrics()) {
            if (metric.get(0).equals(emfNamespace())) {
                assertThat(emitted).as("%s: a metric the code counts", metric).contains(metric.get(1));
                assertThat(metric.subList(2, metric.size())).as("%s: the dimension the EMF document declares", metric)
                        .containsExactly("Service", service);
                used.add(metric.get(1));
            }
        }
        assertThat(used).contains("WritesAccepted", "WritesRejected", "WritesApplied", "MessagesRejected",
                "MessagesRetried");
    }

    @Test
    void theDashboardShowsTheApiTheQueuesAndTheConsumer() throws IOException {
        var shown = metrics("existing").stream().map(metric -> metric.get(1) + " of " + metric.get(metric.size() - 1)).toList();
        assertThat(shown).contains("Count of ref:HttpApi", "4xx of ref:HttpApi", "5xx of ref:HttpApi",
                "Latency of ref:HttpApi",
                "ApproximateNumberOfMessagesVisible of ref:WriteQueue.QueueName",
                "ApproximateNumberOfMessagesNotVisible of ref:WriteQueue.QueueName",
                "ApproximateAgeOfOldestMessage of ref:WriteQueue.QueueName",
                "ApproximateNumberOfMessagesVisible of ref:WriteDeadLetterQueue.QueueName",
                "Invocations of ref:ConsumerFunction", "Errors of ref:ConsumerFunction",
                "Throttles of ref:ConsumerFunction", "ConcurrentExecutions of ref:ConsumerFunction");
        var consumerConcurrency = widgets("metric", "existing").stream()
                .filter(widget -> widget.toString().contains("\"ConcurrentExecutions\",\"FunctionName\",\"ref:ConsumerFunction\""))
                .findFirst().orElseThrow();
        assertThat(consumerConcurrency.path("properties").path("annotations").path("horizontal").path(0).path("value").asInt())
                .as("drawn against MaximumConcurrency").isEqualTo(TEMPLATE.parameterDefault("ConsumerMaxConcurrency")
                        .map(value -> Integer.parseInt(String.valueOf(value))).orElseThrow());
    }

    @Test
    void theClusterTheStackCreatedIsShown_inCreateModeOnly() throws IOException {
        var database = List.of("DatabaseConnections of ref:DatabaseCluster", "ServerlessDatabaseCapacity of ref:DatabaseCluster",
                "ACUUtilization of ref:DatabaseCluster");
        assertThat(shown("create")).containsAll(database);
        assertThat(shown("existing")).doesNotContainAnyElementsOf(database);
        assertThat(metrics("existing")).noneMatch(metric -> metric.get(0).equals("AWS/RDS"));
        assertThat(body("existing").path("widgets").size()).isEqualTo(body("create").path("widgets").size() - 2);

        var connections = widgets("metric", "create").stream()
                .filter(widget -> widget.toString().contains("\"DatabaseConnections\"")).findFirst().orElseThrow();
        var budget = connections.path("properties").path("metrics").path(1).path(0);
        int consumers = Integer.parseInt(String.valueOf(TEMPLATE.parameterDefault("ConsumerMaxConcurrency").orElseThrow()));
        int reads = Integer.parseInt(String.valueOf(TEMPLATE.parameterDefault("ReadMaxConcurrency").orElseThrow()));
        assertThat(budget.path("expression").asText()).as("drawn against the peak connections of template.yaml's header")
                .isEqualTo("connections * 0 + " + consumers + " + " + reads + " + 1");
        assertThat(connections.path("properties").path("metrics").path(0).path(4).path("id").asText()).isEqualTo("connections");
    }

    private static List<String> shown(String mode) throws IOException {
        return metrics(mode).stream().map(metric -> metric.get(1) + " of " + metric.get(metric.size() - 1)).toList();
    }

    private static String emfNamespace() {
        return String.valueOf(SamTemplate.map(SamTemplate.map(SamTemplate.map(SamTemplate.map(TEMPLATE.root(),
                "Globals"), "Function"), "Environment"), "Variables").get("POWERTOOLS_METRICS_NAMESPACE"));
    }

    /** The metric names the functions count: the String constants of every *Metrics class that counts. */
    private static Set<String> emittedByTheCode() throws IOException {
        var names = new TreeSet<String>();
        try (Stream<Path> files = Files.walk(Path.of("src/main/java"))) {
            for (var file : files.filter(path -> path.getFileName().toString().endsWith("Metrics.java")).toList()) {
                var source = Files.readString(file);
                if (source.contains("metrics.count(") && !source.contains("public final class InvocationMetrics")) {
                    METRIC_NAME.matcher(source).results().forEach(match -> names.add(match.group(1)));
                }
            }
        }
        assertThat(names).as("the *Metrics classes were found").contains("WritesAccepted", "WritesApplied");
        return names;
    }
}
