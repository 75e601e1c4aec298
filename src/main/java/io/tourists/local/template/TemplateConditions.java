package io.tourists.local.template;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * The template's Conditions as CloudFormation decides them for the given parameters, and what follows from
 * them: whether a resource with a {@code Condition} is created, and which branch each {@code Fn::If} takes
 * ({@code AWS::NoValue} drops the property). Enough for the condition functions a template like this one uses:
 * Equals, Not, And, Or and Condition.
 * https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/intrinsic-function-reference-conditions.html
 */
public final class TemplateConditions {

    private final SamTemplate template;
    private final TemplateValues values;

    public TemplateConditions(SamTemplate template, TemplateValues values) {
        this.template = template;
        this.values = values;
    }

    /** The named condition's value; throws when the template has no such condition. */
    public boolean condition(String name) {
        var definition = SamTemplate.map(template.root(), "Conditions").get(name);
        if (definition == null) {
            throw new TemplateException("the template has no condition " + name);
        }
        return evaluate(definition);
    }

    /** Whether the resource is created: it has no Condition, or its Condition holds. */
    public boolean creates(String logicalId) {
        var condition = SamTemplate.map(template.resources(), logicalId).get("Condition");
        return condition == null || condition(String.valueOf(condition));
    }

    /** A resource's property with its Fn::If decided; empty when it is absent or resolves to AWS::NoValue. */
    public Optional<Object> property(String logicalId, String property) {
        return Optional.ofNullable(decide(template.properties(logicalId).get(property)));
    }

    /** The value with every Fn::If decided and every AWS::NoValue dropped; null when the value itself is one. */
    public Object decide(Object value) {
        if (value instanceof Map<?, ?> map) {
            if (map.size() == 1 && "AWS::NoValue".equals(map.get("Ref"))) {
                return null;
            }
            if (map.size() == 1 && map.get("Fn::If") instanceof List<?> branches) {
                if (branches.size() != 3) {
                    throw new TemplateException("Fn::If takes a condition and two values: " + branches);
                }
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
            list.stream().map(this::decide).filter(Objects::nonNull).forEach(decided::add);
            return decided;
        }
        return value;
    }

    private boolean evaluate(Object node) {
        if (!(node instanceof Map<?, ?> map) || map.size() != 1) {
            throw new TemplateException("not a condition: " + node);
        }
        var function = String.valueOf(map.keySet().iterator().next());
        var argument = map.values().iterator().next();
        return switch (function) {
            case "Fn::Equals" -> {
                var operands = operands(map, 2, 2);
                yield operand(operands.get(0)).equals(operand(operands.get(1)));
            }
            case "Fn::Not" -> !evaluate(operands(map, 1, 1).getFirst());
            case "Fn::And" -> operands(map, 2, 10).stream().allMatch(this::evaluate);
            case "Fn::Or" -> operands(map, 2, 10).stream().anyMatch(this::evaluate);
            case "Condition" -> condition(String.valueOf(argument));
            default -> throw new TemplateException("not a condition function: " + function);
        };
    }

    /** The function's list of operands, as many as CloudFormation allows it (Equals 2, Not 1, And and Or 2 to 10). */
    private static List<?> operands(Map<?, ?> node, int least, int most) {
        var function = node.keySet().iterator().next();
        if (node.get(function) instanceof List<?> list && list.size() >= least && list.size() <= most) {
            return list;
        }
        throw new TemplateException(function + " takes a list of " + (least == most ? String.valueOf(least)
                : least + " to " + most) + " operands, got " + node.get(function));
    }

    /** A condition compares known values only: one that cannot be resolved here is an error, not a guess. */
    private String operand(Object value) {
        return values.text(value).orElseThrow(() -> new TemplateException(
                "a condition compares a value that cannot be resolved locally: " + value));
    }
}
