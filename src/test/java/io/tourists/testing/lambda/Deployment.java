package io.tourists.testing.lambda;

import io.tourists.local.template.SamTemplate;
import io.tourists.local.template.PipelineTemplate;
import io.tourists.local.template.TemplateConditions;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * The functions one checkout deploys, read from its template.yaml as SAM would: handler, code (the CodeUri
 * artifact, relative to the template), runtime, memory, and the environment with the template's references
 * resolved to the local queues and database.
 */
public record Deployment(String label, List<Function> functions) {

    /** One AWS::Serverless::Function as Lambda would start it. */
    public record Function(String logicalId, String handler, Path code, String runtime, int memoryMb,
                    Map<String, String> environment) {

        public long codeBytes() {
            try {
                return Files.size(code);
            } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        }
    }

    /**
     * @param parameters values for the template's parameters that have no Default (the database's URL, the secret)
     * @param resources  what {@code !Ref Queue} and {@code !GetAtt Queue.Arn} stand for locally
     */
    public static Deployment read(String label, Path checkout, Map<String, String> parameters, Map<String, String> pseudo,
                           Map<String, String> resources) {
        var templateFile = checkout.resolve("template.yaml");
        var sam = SamTemplate.read(templateFile);
        var template = PipelineTemplate.of(sam, parameters, pseudo);
        var values = template.values(resources);
        // As CloudFormation decides them for these parameters: which functions exist, which Fn::If branch each takes.
        var conditions = new TemplateConditions(sam, values);
        var functions = sam.resources().keySet().stream()
                .filter(id -> "AWS::Serverless::Function".equals(SamTemplate.map(sam.resources(), id).get("Type")))
                .filter(conditions::creates)
                .map(id -> {
                    var environment = new LinkedHashMap<String, String>();
                    var unresolved = new ArrayList<String>();
                    sam.environment(id).forEach((name, value) -> values.text(conditions.decide(value))
                            .ifPresentOrElse(text -> environment.put(name, text), () -> unresolved.add(name)));
                    if (!unresolved.isEmpty()) {
                        throw new IllegalStateException(label + ": " + id + "'s environment has values that cannot be"
                                + " resolved locally: " + unresolved);
                    }
                    var properties = sam.properties(id);
                    return new Function(id, String.valueOf(properties.get("Handler")),
                            checkout.resolve(String.valueOf(properties.get("CodeUri"))).toAbsolutePath().normalize(),
                            String.valueOf(sam.functionProperty(id, "Runtime").orElse("java21")),
                            template.function(id).memoryMb(), Map.copyOf(environment));
                })
                .toList();
        return new Deployment(label, functions);
    }
}
