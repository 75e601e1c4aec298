package io.tourists.deploy;

import io.tourists.local.template.SamTemplate;
import io.tourists.local.template.TemplateConditions;
import io.tourists.local.template.TemplateValues;
import java.util.Map;
import java.util.Optional;

/**
 * template.yaml as CloudFormation would deploy it with given parameters, to an example account: its Conditions
 * evaluated, each {@code Fn::If} replaced by the branch it takes, {@code AWS::NoValue} dropped (the local
 * runtime's {@link TemplateConditions}, which enforces routes the same way), and what remains resolved with its
 * {@link TemplateValues}.
 */
final class DeployedTemplate {

    /** What a deploy to an example account knows: the pseudo parameters and the ids of some resources. */
    static final Map<String, String> PSEUDO_PARAMETERS = Map.of("AWS::Partition", "aws", "AWS::Region", "eu-west-1",
            "AWS::AccountId", "123456789012", "AWS::StackName", "tourists",
            "AWS::StackId", "arn:aws:cloudformation:eu-west-1:123456789012:stack/tourists/51af3dc0-da77-11e4-872e-1234567db123");
    static final Map<String, String> RESOURCE_IDS = Map.of("HttpApi", "a1b2c3d4e5");

    private final TemplateValues values;
    private final TemplateConditions conditions;

    DeployedTemplate(SamTemplate template, Map<String, String> parameters) {
        this.values = new TemplateValues(template, parameters, PSEUDO_PARAMETERS, RESOURCE_IDS);
        this.conditions = new TemplateConditions(template, values);
    }

    /** Deployed with the parameters' defaults. */
    static DeployedTemplate withDefaults() {
        return new DeployedTemplate(TemplateTest.TEMPLATE, Map.of());
    }

    boolean condition(String name) {
        return conditions.condition(name);
    }

    /** Whether the resource is created: it has no Condition, or its Condition holds. */
    boolean creates(String logicalId) {
        return conditions.creates(logicalId);
    }

    /** A resource's property after its Fn::If are decided; empty when it resolves to AWS::NoValue. */
    Optional<Object> property(String logicalId, String property) {
        return conditions.property(logicalId, property);
    }

    /** A map-valued property (VpcConfig, Environment...) after its Fn::If are decided; empty when absent. */
    @SuppressWarnings("unchecked")
    Map<String, Object> map(String logicalId, String property) {
        return property(logicalId, property).filter(Map.class::isInstance).map(value -> (Map<String, Object>) value)
                .orElse(Map.of());
    }

    /** The function's own environment variables (not Globals'), decided. */
    Map<String, Object> environment(String logicalId) {
        var environment = map(logicalId, "Environment").get("Variables");
        @SuppressWarnings("unchecked")
        var variables = environment instanceof Map<?, ?> map ? (Map<String, Object>) map : Map.<String, Object>of();
        return variables;
    }

    /** The property as text, with Ref, GetAtt and Sub resolved. */
    String text(String logicalId, String property) {
        var value = property(logicalId, property).orElseThrow();
        return values.text(value).orElseThrow(() -> new IllegalStateException(logicalId + "." + property
                + " does not resolve: " + value));
    }

    /** Any template value as text, with Ref, GetAtt and Sub resolved. */
    String text(Object value) {
        return values.text(conditions.decide(value)).orElseThrow(() -> new IllegalStateException("does not resolve: " + value));
    }
}
