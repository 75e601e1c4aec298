package io.tourists.local.template;

import java.math.BigDecimal;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;

/**
 * The settings of the pipeline as template.yaml deploys them: functions, the consumer's SQS event source
 * mapping and the queues. Parameters resolve to their defaults or to the given overrides, checked as
 * CloudFormation checks them; what the template leaves out takes Lambda's and SQS's own defaults.
 */
public final class PipelineTemplate {

    public static final String API_FUNCTION = "ApiFunction";
    public static final String READ_FUNCTION = "ReadFunction";
    public static final String CONSUMER_FUNCTION = "ConsumerFunction";
    public static final String IMPORT_FUNCTION = "ImportFunction";
    public static final String PRUNE_FUNCTION = "PruneFunction";

    /** Lambda's defaults: https://docs.aws.amazon.com/lambda/latest/api/API_CreateFunction.html */
    static final int DEFAULT_TIMEOUT_SECONDS = 3;
    static final int DEFAULT_MEMORY_MB = 128;
    /** https://docs.aws.amazon.com/lambda/latest/dg/services-sqs-parameters.html */
    static final int DEFAULT_BATCH_SIZE = 10;

    /**
     * Queue properties that are SQS attributes of the same name and that ElasticMQ honours; the others
     * (MessageRetentionPeriod, encryption, RedriveAllowPolicy, tags...) are listed as not emulated.
     */
    private static final List<String> QUEUE_ATTRIBUTES = List.of("VisibilityTimeout", "DelaySeconds",
            "ReceiveMessageWaitTimeSeconds", "MaximumMessageSize", "FifoQueue", "ContentBasedDeduplication");
    /** Queue properties the runtime reads itself rather than passing on. */
    private static final Set<String> QUEUE_PROPERTIES_READ = Set.of("QueueName", "RedrivePolicy");

    private final SamTemplate template;
    private final TemplateValues values;

    private PipelineTemplate(SamTemplate template, TemplateValues values) {
        this.template = template;
        this.values = values;
    }

    /**
     * @param parameterOverrides like {@code sam deploy --parameter-overrides}: each must name a parameter
     * @param pseudoParameters   AWS::Region, AWS::AccountId, AWS::StackName... as the runtime sees them
     */
    public static PipelineTemplate read(Path file, Map<String, String> parameterOverrides,
                                        Map<String, String> pseudoParameters) {
        return of(SamTemplate.read(file), parameterOverrides, pseudoParameters);
    }

    public static PipelineTemplate of(SamTemplate template, Map<String, String> parameterOverrides,
                                      Map<String, String> pseudoParameters) {
        var parameters = SamTemplate.map(template.root(), "Parameters");
        for (var name : parameterOverrides.keySet()) {
            if (!SamTemplate.map(parameters, name).containsKey("Type")) {
                throw new TemplateException("the template has no parameter " + name
                        + " (it has " + String.join(", ", parameters.keySet()) + ")");
            }
        }
        var values = new TemplateValues(template, parameterOverrides, pseudoParameters, Map.of());
        parameters.keySet().forEach(name -> checkParameter(name, SamTemplate.map(parameters, name), values));
        return new PipelineTemplate(template, values);
    }

    /** The values of this template, with the given resources known (for Ref and GetAtt to them). */
    public TemplateValues values(Map<String, String> resourceValues) {
        return values.withResources(resourceValues);
    }

    /**
     * The HTTP API's routes and access policies as deployed with these parameters.
     *
     * @param apiId what a Ref to the HTTP API resolves to here: its id in execute-api ARNs
     */
    public HttpApiDefinition httpApi(String apiId) {
        return HttpApiDefinition.read(template, values, apiId);
    }

    public FunctionDefinition function(String logicalId) {
        var name = template.functionProperty(logicalId, "FunctionName").flatMap(values::text).orElse(logicalId);
        var timeout = template.functionProperty(logicalId, "Timeout")
                .map(value -> values.integer(value, logicalId + ".Timeout")).orElse(DEFAULT_TIMEOUT_SECONDS);
        requireRange(timeout, 1, 900, logicalId + ".Timeout");
        var memory = template.functionProperty(logicalId, "MemorySize")
                .map(value -> values.integer(value, logicalId + ".MemorySize")).orElse(DEFAULT_MEMORY_MB);
        // Decided like CloudFormation: the template reserves concurrency only when ReservedConcurrency=true.
        var reserved = new TemplateConditions(template, values).property(logicalId, "ReservedConcurrentExecutions")
                .map(value -> OptionalInt.of(values.integer(value, logicalId + ".ReservedConcurrentExecutions")))
                .orElse(OptionalInt.empty());
        return new FunctionDefinition(logicalId, name, Duration.ofSeconds(timeout), memory, reserved);
    }

    /** The function's first event of Type SQS: its event source mapping. */
    public SqsEventSource sqsEventSource(String functionLogicalId) {
        var events = SamTemplate.map(template.properties(functionLogicalId), "Events");
        for (var event : events.entrySet()) {
            @SuppressWarnings("unchecked")
            var definition = event.getValue() instanceof Map<?, ?> map ? (Map<String, Object>) map : Map.<String, Object>of();
            if ("SQS".equals(definition.get("Type"))) {
                return sqsEventSource(functionLogicalId + ".Events." + event.getKey(), event.getKey(),
                        SamTemplate.map(definition, "Properties"));
            }
        }
        throw new TemplateException(functionLogicalId + " has no event of Type SQS");
    }

    private SqsEventSource sqsEventSource(String path, String eventName, Map<String, Object> properties) {
        var queue = TemplateValues.referencedResource(properties.get("Queue"))
                .orElseThrow(() -> new TemplateException(path + ".Queue must be !GetAtt <Queue>.Arn of a queue in the template"));
        var batchSize = optionalInt(properties, "BatchSize", path).orElse(DEFAULT_BATCH_SIZE);
        var window = optionalInt(properties, "MaximumBatchingWindowInSeconds", path).orElse(0);
        var maxConcurrency = optionalInt(SamTemplate.map(properties, "ScalingConfig"), "MaximumConcurrency", path);
        var responseTypes = properties.get("FunctionResponseTypes") instanceof List<?> list ? list : List.of();
        var enabled = Optional.ofNullable(properties.get("Enabled")).flatMap(values::text)
                .map(Boolean::parseBoolean).orElse(true);

        // The limits Lambda enforces when the mapping is created, so a template that would not deploy does not run.
        var fifo = queue(queue).fifo();
        requireRange(batchSize, 1, fifo ? 10 : 10_000, path + ".BatchSize");
        requireRange(window, 0, 300, path + ".MaximumBatchingWindowInSeconds");
        if (batchSize > 10 && window < 1) {
            throw new TemplateException(path + ": a BatchSize over 10 needs MaximumBatchingWindowInSeconds of at least 1");
        }
        if (fifo && window > 0) {
            throw new TemplateException(path + ": FIFO queues take no batching window");
        }
        maxConcurrency.ifPresent(value -> requireRange(value, 2, 1000, path + ".ScalingConfig.MaximumConcurrency"));
        return new SqsEventSource(eventName, queue, batchSize, Duration.ofSeconds(window),
                maxConcurrency.isPresent() ? OptionalInt.of(maxConcurrency.get()) : OptionalInt.empty(),
                responseTypes.contains("ReportBatchItemFailures"), enabled);
    }

    /**
     * The template's functions this runtime does not run: all but the API, read and consumer functions, the
     * import function (uploads and its schedule) and the prune function (its schedule).
     */
    public List<String> functionsNotRun() {
        var run = Set.of(API_FUNCTION, READ_FUNCTION, CONSUMER_FUNCTION, IMPORT_FUNCTION, PRUNE_FUNCTION);
        return functionIds().stream().filter(logicalId -> !run.contains(logicalId)).toList();
    }

    public List<String> functionIds() {
        return template.resourceIdsOfType("AWS::Serverless::Function");
    }

    /** The schedules that invoke functions (SAM schedule events, EventBridge Scheduler schedules created). */
    public List<ScheduleDefinition> schedules() {
        return ScheduleDefinition.read(template, values);
    }

    /** The logical ids of the template's SQS queues, in template order. */
    public List<String> queueLogicalIds() {
        return template.resourceIdsOfType("AWS::SQS::Queue");
    }

    public QueueDefinition queue(String logicalId) {
        var properties = template.properties(logicalId);
        var attributes = new LinkedHashMap<String, String>();
        var notEmulated = new ArrayList<String>();
        for (var property : properties.entrySet()) {
            var name = property.getKey();
            if (QUEUE_ATTRIBUTES.contains(name)) {
                attributes.put(name, values.text(property.getValue()).orElseThrow(() ->
                        new TemplateException(logicalId + "." + name + " cannot be resolved locally")));
            } else if (!QUEUE_PROPERTIES_READ.contains(name)) {
                notEmulated.add(name);
            }
        }
        var fifo = "true".equalsIgnoreCase(attributes.get("FifoQueue"));
        var name = Optional.ofNullable(properties.get("QueueName")).flatMap(values::text)
                // CloudFormation makes up a name; locally the queue's Metadata.LocalQueueName, else its logical id.
                .or(() -> Optional.ofNullable(SamTemplate.map(SamTemplate.map(template.resources(), logicalId), "Metadata")
                        .get("LocalQueueName")).map(String::valueOf))
                .orElse(fifo ? logicalId + ".fifo" : logicalId);
        if (attributes.containsKey("VisibilityTimeout")) {
            requireRange(values.integer(attributes.get("VisibilityTimeout"), logicalId + ".VisibilityTimeout"),
                    0, 43_200, logicalId + ".VisibilityTimeout");
        }
        return new QueueDefinition(logicalId, name, attributes, redrive(logicalId, properties), notEmulated);
    }

    private Optional<QueueDefinition.Redrive> redrive(String logicalId, Map<String, Object> properties) {
        var policy = SamTemplate.map(properties, "RedrivePolicy");
        if (policy.isEmpty()) {
            return Optional.empty();
        }
        var target = TemplateValues.referencedResource(policy.get("deadLetterTargetArn")).orElseThrow(() ->
                new TemplateException(logicalId + ".RedrivePolicy.deadLetterTargetArn must be !GetAtt <Queue>.Arn"));
        var maxReceiveCount = values.integer(policy.get("maxReceiveCount"), logicalId + ".RedrivePolicy.maxReceiveCount");
        requireRange(maxReceiveCount, 1, 1000, logicalId + ".RedrivePolicy.maxReceiveCount");
        return Optional.of(new QueueDefinition.Redrive(target, maxReceiveCount));
    }

    /** A function's environment variables, resolved; those that refer to what is not local are left out. */
    public ResolvedEnvironment environment(String functionLogicalId, TemplateValues withResources) {
        var resolved = new LinkedHashMap<String, String>();
        var unresolved = new ArrayList<String>();
        template.environment(functionLogicalId).forEach((name, value) -> withResources.text(value)
                .ifPresentOrElse(text -> resolved.put(name, text), () -> unresolved.add(name)));
        return new ResolvedEnvironment(resolved, unresolved);
    }

    /** Environment variables with values, and the names of those that could not be resolved locally. */
    public record ResolvedEnvironment(Map<String, String> variables, List<String> unresolved) {}

    private Optional<Integer> optionalInt(Map<String, Object> properties, String name, String path) {
        return Optional.ofNullable(properties.get(name)).map(value -> values.integer(value, path + "." + name));
    }

    /** CloudFormation refuses a stack whose parameter breaks its own MinValue, MaxValue or AllowedValues. */
    private static void checkParameter(String name, Map<String, Object> definition, TemplateValues values) {
        var given = values.parameterValue(name);
        if (given.isEmpty()) {
            return;
        }
        var value = given.get();
        if ("Number".equals(definition.get("Type"))) {
            BigDecimal number;
            try {
                number = new BigDecimal(value.strip());
            } catch (NumberFormatException e) {
                throw new TemplateException("parameter " + name + " must be a number, got " + value);
            }
            bound(definition.get("MinValue")).filter(min -> number.compareTo(min) < 0).ifPresent(min -> {
                throw new TemplateException("parameter " + name + "=" + value + " is below its MinValue " + min);
            });
            bound(definition.get("MaxValue")).filter(max -> number.compareTo(max) > 0).ifPresent(max -> {
                throw new TemplateException("parameter " + name + "=" + value + " is above its MaxValue " + max);
            });
        }
        if (definition.get("AllowedValues") instanceof List<?> allowed
                && allowed.stream().map(String::valueOf).noneMatch(value::equals)) {
            throw new TemplateException("parameter " + name + "=" + value + " is not one of " + allowed);
        }
    }

    private static Optional<BigDecimal> bound(Object value) {
        return Optional.ofNullable(value).map(String::valueOf).map(String::strip).map(BigDecimal::new);
    }

    private static void requireRange(int value, int min, int max, String what) {
        if (value < min || value > max) {
            throw new TemplateException(what + " is " + value + "; AWS accepts " + min + " to " + max);
        }
    }
}
