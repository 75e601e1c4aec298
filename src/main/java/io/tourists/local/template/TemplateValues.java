package io.tourists.local.template;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Resolves a template value the way CloudFormation would at deploy time, for the intrinsic functions a
 * SAM template of this kind uses: {@code Ref} (parameters, pseudo parameters, resources), {@code Fn::GetAtt},
 * {@code Fn::Sub}, {@code Fn::Join}, and {@code Fn::Select} from a list or an {@code Fn::Split}. Resources resolve to what the local runtime created for them (a queue's
 * URL and ARN). Anything else is reported as unresolved rather than guessed.
 */
public final class TemplateValues {

    private static final Pattern SUB_VARIABLE = Pattern.compile("\\$\\{([^}]+)}");

    private final SamTemplate template;
    private final Map<String, String> parameterOverrides;
    private final Map<String, String> pseudoParameters;
    private final Map<String, String> resourceValues;

    /**
     * @param resourceValues what the runtime knows of resources: {@code LogicalId} for Ref and
     *                       {@code LogicalId.Attribute} for GetAtt, e.g. {@code WriteQueue} and {@code WriteQueue.Arn}
     */
    public TemplateValues(SamTemplate template, Map<String, String> parameterOverrides,
                          Map<String, String> pseudoParameters, Map<String, String> resourceValues) {
        this.template = template;
        this.parameterOverrides = Map.copyOf(parameterOverrides);
        this.pseudoParameters = Map.copyOf(pseudoParameters);
        this.resourceValues = Map.copyOf(resourceValues);
    }

    /** The same parameters and pseudo parameters, knowing these resources. */
    public TemplateValues withResources(Map<String, String> resources) {
        return new TemplateValues(template, parameterOverrides, pseudoParameters, resources);
    }

    /** The value as text, or empty when it refers to something the local runtime does not know. */
    public Optional<String> text(Object value) {
        return switch (value) {
            case null -> Optional.empty();
            case String text -> Optional.of(text);
            case Number number -> Optional.of(plain(number));
            case Boolean bool -> Optional.of(bool.toString());
            case Map<?, ?> map when map.size() == 1 -> intrinsic(map.keySet().iterator().next().toString(),
                    map.values().iterator().next());
            default -> Optional.empty();
        };
    }

    /** The value as an integer; throws, naming the property, when it is missing or not a number. */
    public int integer(Object value, String property) {
        var resolved = text(value).orElseThrow(() -> new TemplateException(property
                + " cannot be resolved locally: " + value + " (a parameter without Default needs --param Name=...)"));
        try {
            return new BigDecimal(resolved.strip()).intValueExact();
        } catch (ArithmeticException | NumberFormatException e) {
            throw new TemplateException(property + " is not a whole number: " + resolved);
        }
    }

    /** The logical id a {@code !GetAtt X.Attr} or {@code !Ref X} points to, if the value is one. */
    public static Optional<String> referencedResource(Object value) {
        if (value instanceof Map<?, ?> map && map.size() == 1) {
            if (map.get("Ref") instanceof String name) {
                return Optional.of(name);
            }
            if (map.get("Fn::GetAtt") instanceof List<?> parts && !parts.isEmpty()) {
                return Optional.of(String.valueOf(parts.getFirst()));
            }
        }
        return Optional.empty();
    }

    private Optional<String> intrinsic(String function, Object argument) {
        return switch (function) {
            case "Ref" -> ref(String.valueOf(argument));
            case "Fn::GetAtt" -> argument instanceof List<?> parts && parts.size() == 2
                    ? Optional.ofNullable(resourceValues.get(parts.get(0) + "." + parts.get(1)))
                    : Optional.empty();
            case "Fn::Sub" -> sub(argument);
            case "Fn::Join" -> join(argument);
            case "Fn::Select" -> select(argument);
            default -> Optional.empty();
        };
    }

    private Optional<String> ref(String name) {
        if (SamTemplate.map(SamTemplate.map(template.root(), "Parameters"), name).containsKey("Type")) {
            // A parameter without a Default is something only a deploy supplies (the database's URL, say):
            // not local, like a resource the runtime does not create.
            return parameterValue(name);
        }
        return Optional.ofNullable(pseudoParameters.get(name)).or(() -> Optional.ofNullable(resourceValues.get(name)));
    }

    /** A parameter's value: the override, else its Default; throws when it has neither. */
    public String parameter(String name) {
        if (!SamTemplate.map(SamTemplate.map(template.root(), "Parameters"), name).containsKey("Type")) {
            throw new TemplateException("the template has no parameter " + name);
        }
        return parameterValue(name).orElseThrow(() -> new TemplateException(
                "parameter " + name + " has no Default: pass --param " + name + "=..."));
    }

    /** A parameter's value: the override, else its Default, else empty. */
    public Optional<String> parameterValue(String name) {
        return Optional.ofNullable(parameterOverrides.get(name))
                .or(() -> template.parameterDefault(name).map(value -> value instanceof Number number
                        ? plain(number) : String.valueOf(value)));
    }

    private Optional<String> sub(Object argument) {
        String text;
        Map<?, ?> variables = Map.of();
        if (argument instanceof String string) {
            text = string;
        } else if (argument instanceof List<?> list && list.size() == 2 && list.get(0) instanceof String string
                && list.get(1) instanceof Map<?, ?> map) {
            text = string;
            variables = map;
        } else {
            return Optional.empty();
        }
        var result = new StringBuilder();
        Matcher matcher = SUB_VARIABLE.matcher(text);
        while (matcher.find()) {
            var name = matcher.group(1);
            Optional<String> value;
            if (name.startsWith("!")) {
                value = Optional.of("${" + name.substring(1) + "}");
            } else if (variables.containsKey(name)) {
                value = text(variables.get(name));
            } else if (name.contains(".")) {
                value = Optional.ofNullable(resourceValues.get(name));
            } else {
                value = ref(name);
            }
            if (value.isEmpty()) {
                return Optional.empty();
            }
            matcher.appendReplacement(result, Matcher.quoteReplacement(value.get()));
        }
        matcher.appendTail(result);
        return Optional.of(result.toString());
    }

    /** {@code !Select [N, LIST]}, where LIST is a list or {@code !Split [DELIMITER, TEXT]}. */
    private Optional<String> select(Object argument) {
        if (!(argument instanceof List<?> list) || list.size() != 2) {
            return Optional.empty();
        }
        var index = text(list.get(0)).map(Integer::parseInt);
        List<?> items = list.get(1) instanceof List<?> given ? given : null;
        if (list.get(1) instanceof Map<?, ?> map && map.size() == 1 && map.get("Fn::Split") instanceof List<?> split
                && split.size() == 2) {
            var text = text(split.get(1));
            if (text.isEmpty()) {
                return Optional.empty();
            }
            items = List.of(text.get().split(java.util.regex.Pattern.quote(String.valueOf(split.get(0))), -1));
        }
        if (items == null || index.isEmpty() || index.get() < 0 || index.get() >= items.size()) {
            return Optional.empty();
        }
        return text(items.get(index.get()));
    }

    private Optional<String> join(Object argument) {
        if (!(argument instanceof List<?> list) || list.size() != 2) {
            return Optional.empty();
        }
        if (!(list.get(1) instanceof List<?> parts)) {
            // A Ref to a CommaDelimitedList parameter: its value is the list, comma-separated.
            return text(list.get(1)).map(value -> String.join(String.valueOf(list.get(0)), value.split(",", -1)));
        }
        var resolved = new ArrayList<String>();
        for (var part : parts) {
            var value = text(part);
            if (value.isEmpty()) {
                return Optional.empty();
            }
            resolved.add(value.get());
        }
        return Optional.of(String.join(String.valueOf(list.get(0)), resolved));
    }

    private static String plain(Number number) {
        return new BigDecimal(number.toString()).stripTrailingZeros().toPlainString();
    }
}
