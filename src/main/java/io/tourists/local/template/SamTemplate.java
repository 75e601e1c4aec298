package io.tourists.local.template;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.AbstractConstruct;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;
import org.yaml.snakeyaml.nodes.Tag;

/**
 * Reads template.yaml, so the local runtime runs with the settings that deploy and the template tests
 * check the file that deploys. CloudFormation's short-form tags ({@code !Ref X}, {@code !GetAtt A.B},
 * {@code !Sub ...}) are read into their long form ({@code {Ref: X}}, {@code {Fn::GetAtt: [A, B]}}).
 */
public final class SamTemplate {

    private static final List<String> FUNCTIONS = List.of("Base64", "Cidr", "FindInMap", "GetAZs", "ImportValue",
            "Join", "Select", "Split", "Sub", "Transform", "And", "Equals", "If", "Not", "Or");

    private final Map<String, Object> root;

    private SamTemplate(Map<String, Object> root) {
        this.root = root;
    }

    public static SamTemplate read(Path file) {
        try {
            return parse(Files.readString(file));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
    }

    @SuppressWarnings("unchecked")
    public static SamTemplate parse(String yaml) {
        return new SamTemplate((Map<String, Object>) new Yaml(new CloudFormationConstructor()).load(yaml));
    }

    public Map<String, Object> root() {
        return root;
    }

    public Map<String, Object> resources() {
        return map(root, "Resources");
    }

    /** The logical ids of the resources of this Type, in template order. */
    public List<String> resourceIdsOfType(String type) {
        var resources = resources();
        return resources.keySet().stream().filter(id -> type.equals(map(resources, id).get("Type"))).toList();
    }

    /** A resource's Properties; throws if the resource is missing. */
    public Map<String, Object> properties(String logicalId) {
        var resource = map(resources(), logicalId);
        if (resource.isEmpty()) {
            throw new IllegalArgumentException("template.yaml has no resource " + logicalId);
        }
        return map(resource, "Properties");
    }

    /** A function's property, falling back to Globals.Function as SAM does. */
    public Optional<Object> functionProperty(String logicalId, String property) {
        return Optional.ofNullable(properties(logicalId).get(property))
                .or(() -> Optional.ofNullable(map(map(root, "Globals"), "Function").get(property)));
    }

    /** A function's environment: Globals' variables, overridden by the function's own. */
    public Map<String, Object> environment(String logicalId) {
        var merged = new LinkedHashMap<String, Object>(
                map(map(map(map(root, "Globals"), "Function"), "Environment"), "Variables"));
        merged.putAll(map(map(properties(logicalId), "Environment"), "Variables"));
        return merged;
    }

    /** A parameter's Default. */
    public Optional<Object> parameterDefault(String name) {
        return Optional.ofNullable(map(map(root, "Parameters"), name).get("Default"));
    }

    @SuppressWarnings("unchecked")
    public static Map<String, Object> map(Map<String, Object> parent, String key) {
        var value = parent == null ? null : parent.get(key);
        return value instanceof Map<?, ?> ? (Map<String, Object>) value : Map.of();
    }

    /** Reads the short-form intrinsic functions as CloudFormation's long form. */
    private static final class CloudFormationConstructor extends SafeConstructor {

        /** A key given twice is an error, as CloudFormation says, not the second value silently winning. */
        private static LoaderOptions loaderOptions() {
            var options = new LoaderOptions();
            options.setAllowDuplicateKeys(false);
            return options;
        }

        CloudFormationConstructor() {
            super(loaderOptions());
            yamlConstructors.put(new Tag("!Ref"), new Intrinsic("Ref"));
            yamlConstructors.put(new Tag("!Condition"), new Intrinsic("Condition"));
            yamlConstructors.put(new Tag("!GetAtt"), new GetAtt());
            FUNCTIONS.forEach(name -> yamlConstructors.put(new Tag("!" + name), new Intrinsic("Fn::" + name)));
        }

        private Object constructAny(Node node) {
            return switch (node) {
                case ScalarNode scalar -> scalar.getValue();
                case SequenceNode sequence -> sequence.getValue().stream().map(this::constructAnyTagged).toList();
                case MappingNode mapping -> {
                    var result = new LinkedHashMap<Object, Object>();
                    mapping.getValue().forEach(tuple -> result.put(
                            constructAnyTagged(tuple.getKeyNode()), constructAnyTagged(tuple.getValueNode())));
                    yield result;
                }
                default -> throw new IllegalArgumentException("unexpected YAML node " + node);
            };
        }

        private Object constructAnyTagged(Node node) {
            return yamlConstructors.containsKey(node.getTag()) || node.getTag().isCustomGlobal()
                    ? constructObject(node) : constructAny(node);
        }

        private final class Intrinsic extends AbstractConstruct {
            private final String key;

            Intrinsic(String key) {
                this.key = key;
            }

            @Override
            public Object construct(Node node) {
                return Map.of(key, constructAny(node));
            }
        }

        private final class GetAtt extends AbstractConstruct {
            @Override
            public Object construct(Node node) {
                var value = constructAny(node);
                if (value instanceof String dotted) {
                    int dot = dotted.indexOf('.');
                    if (dot <= 0 || dot == dotted.length() - 1) {
                        throw new TemplateException("line " + (node.getStartMark().getLine() + 1)
                                + ": !GetAtt takes LogicalId.Attribute, got '" + dotted + "'");
                    }
                    return Map.of("Fn::GetAtt", List.of(dotted.substring(0, dot), dotted.substring(dot + 1)));
                }
                return Map.of("Fn::GetAtt", value);
            }
        }
    }
}
