package io.tourists.deploy;

import io.tourists.local.template.SamTemplate;
import io.tourists.local.template.TemplateValues;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * template.yaml as CloudFormation would deploy it with given parameters: its Conditions evaluated, each
 * {@code Fn::If} replaced by the branch it takes, {@code AWS::NoValue} dropped, and what remains resolved with
 * the local runtime's {@link TemplateValues}. Enough for the intrinsic functions this template puts in its
 * conditions: Equals, Not, And, Or and Condition.
 */
final class DeployedTemplate {

    /** What a deploy to an example account knows: the pseudo parameters and the ids of some resources. */
    static final Map<String, String> PSEUDO_PARAMETERS = Map.of("AWS::Partition", "aws", "AWS::Region", "eu-west-1",
            "AWS::AccountId", "123456789012", "AWS::StackName", "tourists");
    static final Map<String, String> RESOURCE_IDS = Map.of("HttpApi", "a1b2c3d4e5");

    private final SamTemplate template;
    private final TemplateValues values;

    DeployedTemplate(SamTemplate template, Map<String, String> parameters) {
        this.template = template;
        this.values = new TemplateValues(template, parameters, PSEUDO_PARAMETERS, RESOURCE_IDS);
    }

    /** Deployed with the parameters' defaults. */
    static DeployedTemplate withDefaults() {
        return new DeployedTemplate(TemplateTest.TEMPLATE, Map.of());
    }

    boolean condition(String name) {
        var definition = SamTemplate.map(template.root(), "Conditions").get(name);
        if (definition == null) {
            throw new IllegalArgumentException("template.yaml has no condition " + name);
        }
        return evaluate(definition);
    }

    /** Whether the resource is created: it has no Condition, or its Condition holds. */
    boolean creates(String logicalId) {
        var condition = SamTemplate.map(template.resources(), logicalId).get("Condition");
        return condition == null || condition(String.valueOf(condition));
    }

    /** A resource's property after its Fn::If are decided; empty when it resolves to AWS::NoValue. */
    Optional<Object> property(String logicalId, String property) {
        return Optional.ofNullable(decide(template.properties(logicalId).get(property)));
    }

    /** The property as text, with Ref, GetAtt and Sub resolved. */
    String text(String logicalId, String property) {
        var value = property(logicalId, property).orElseThrow();
        return values.text(value).orElseThrow(() -> new IllegalStateException(logicalId + "." + property
                + " does not resolve: " + value));
    }

    /** Any template value as text, with Ref, GetAtt and Sub resolved. */
    String text(Object value) {
        return values.text(decide(value)).orElseThrow(() -> new IllegalStateException("does not resolve: " + value));
    }

    private boolean evaluate(Object node) {
        if (!(node instanceof Map<?, ?> map) || map.size() != 1) {
            throw new IllegalArgumentException("not a condition: " + node);
        }
        var function = String.valueOf(map.keySet().iterator().next());
        var argument = map.values().iterator().next();
        return switch (function) {
            case "Fn::Equals" -> {
                var operands = (List<?>) argument;
                yield values.text(operands.get(0)).equals(values.text(operands.get(1)));
            }
            case "Fn::Not" -> !evaluate(((List<?>) argument).getFirst());
            case "Fn::And" -> ((List<?>) argument).stream().allMatch(this::evaluate);
            case "Fn::Or" -> ((List<?>) argument).stream().anyMatch(this::evaluate);
            case "Condition" -> condition(String.valueOf(argument));
            default -> throw new IllegalArgumentException("not a condition function: " + function);
        };
    }

    /** The value with every Fn::If decided; null for AWS::NoValue. */
    private Object decide(Object value) {
        if (value instanceof Map<?, ?> map) {
            if (map.size() == 1 && "AWS::NoValue".equals(map.get("Ref"))) {
                return null;
            }
            if (map.size() == 1 && map.get("Fn::If") instanceof List<?> branches) {
                return decide(condition(String.valueOf(branches.get(0))) ? branches.get(1) : branches.get(2));
            }
            var decided = new LinkedHashMap<Object, Object>();
            map.forEach((key, entry) -> {
                var kept = decide(entry);
                if (kept != null) {
                    decided.put(key, kept);
                }
            });
            return decided;
        }
        if (value instanceof List<?> list) {
            var decided = new ArrayList<>();
            list.stream().map(this::decide).filter(java.util.Objects::nonNull).forEach(decided::add);
            return decided;
        }
        return value;
    }
}
