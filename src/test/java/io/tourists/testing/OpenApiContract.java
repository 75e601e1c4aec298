package io.tourists.testing;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SchemaLocation;
import com.networknt.schema.SchemaValidatorsConfig;
import com.networknt.schema.SpecVersion;
import io.tourists.json.Json;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;
import org.yaml.snakeyaml.Yaml;

/**
 * The HTTP API's published contract (openapi.yaml), held against what the functions answer in the tests.
 * A response to a documented operation must have a documented status, every required header, only
 * documented headers, the documented media type and a body valid against the documented schema (JSON Schema
 * 2020-12, as OpenAPI 3.1 uses it, with the tourist's rules from schema/tourist-write.v1.schema.json). A
 * response to anything else (an unknown path, a wrong method) must be one the document's
 * {@code x-unrouted-responses} declares: a 404, or a 405 with {@code Allow}, each held to the same checks.
 */
public final class OpenApiContract {

    public static final Path DOCUMENT = Path.of("openapi.yaml");
    private static final String BASE = "https://tourists.invalid/";
    private static final String DOCUMENT_URI = BASE + "openapi.yaml";
    private static final String MESSAGE_SCHEMA = "schema/tourist-write.v1.schema.json";
    /** The document's answers to a request no operation matches: an unknown path, a method the path lacks. */
    private static final String UNROUTED = "x-unrouted-responses";
    /** Headers every HTTP stack adds or that describe the body itself: not part of an operation's contract. */
    private static final List<String> TRANSPORT_HEADERS = List.of("content-type");

    private static final JsonNode ROOT = read();
    private static final JsonSchemaFactory FACTORY = JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012,
            builder -> builder.schemaLoaders(loaders -> loaders.schemas(Map.of(
                    DOCUMENT_URI, Json.write(ROOT),
                    BASE + MESSAGE_SCHEMA, readString(Path.of(MESSAGE_SCHEMA))))));
    private static final SchemaValidatorsConfig CONFIG = SchemaValidatorsConfig.builder()
            .formatAssertionsEnabled(true).build();
    private static final Map<String, JsonSchema> SCHEMAS = new ConcurrentHashMap<>();

    private OpenApiContract() {
    }

    /** One operation of the document: its method, its path template, and the path as a regular expression. */
    public record Operation(String method, String pathTemplate, Pattern path) {}

    /** Every operation the document declares, in document order. */
    public static List<Operation> operations() {
        var operations = new ArrayList<Operation>();
        for (var path : iterable(ROOT.path("paths").fieldNames())) {
            var regex = Pattern.compile("^" + path.replaceAll("\\{[^}/]+}", "[^/]+") + "/?$");
            for (var method : iterable(ROOT.path("paths").path(path).fieldNames())) {
                if (!method.equals("parameters")) {
                    operations.add(new Operation(method.toUpperCase(Locale.ROOT), path, regex));
                }
            }
        }
        return operations;
    }

    /**
     * Fails with what is wrong when the response does not keep the contract.
     *
     * @return the response, so a call can be checked in line
     */
    public static APIGatewayV2HTTPResponse check(String method, String rawPath, APIGatewayV2HTTPResponse response) {
        var problems = problems(method, rawPath, response);
        if (!problems.isEmpty()) {
            throw new AssertionError(method + " " + rawPath + " -> " + response.getStatusCode()
                    + " breaks openapi.yaml:\n  " + String.join("\n  ", problems) + "\n  body: " + response.getBody());
        }
        return response;
    }

    static List<String> problems(String method, String rawPath, APIGatewayV2HTTPResponse response) {
        var operation = operations().stream()
                .filter(candidate -> candidate.method().equals(method) && candidate.path().matcher(rawPath).matches())
                .findFirst();
        var status = Integer.toString(response.getStatusCode());
        if (operation.isEmpty()) {
            var pointer = "/" + UNROUTED + "/" + status;
            var declared = resolve(ROOT.at(pointer), pointer);
            if (declared.node().isMissingNode()) {
                return List.of("no documented operation, so the answer must be one of " + UNROUTED + ", not " + status);
            }
            return responseProblems(declared, response);
        }
        var pointer = "/paths/" + escape(operation.get().pathTemplate()) + "/" + method.toLowerCase(Locale.ROOT)
                + "/responses/" + status;
        var declared = resolve(ROOT.at(pointer), pointer);
        if (declared.node().isMissingNode()) {
            return List.of("status " + status + " is not documented for " + method + " "
                    + operation.get().pathTemplate());
        }
        return responseProblems(declared, response);
    }

    private static List<String> responseProblems(Located declared, APIGatewayV2HTTPResponse response) {
        var problems = new ArrayList<String>();
        var headers = new LinkedHashMap<String, Located>();
        for (var name : iterable(declared.node().path("headers").fieldNames())) {
            var at = declared.pointer() + "/headers/" + escape(name);
            headers.put(name.toLowerCase(Locale.ROOT), resolve(declared.node().path("headers").path(name), at));
        }
        headers.forEach((name, header) -> {
            var value = header(response, name);
            if (value.isEmpty() && header.node().path("required").asBoolean(false)) {
                problems.add("required header " + name + " is missing");
            }
            var schema = resolve(header.node().path("schema"), header.pointer() + "/schema");
            value.ifPresent(text -> validate(headerValue(text, schema.node()), schema)
                    .forEach(problem -> problems.add("header " + name + ": " + problem)));
        });
        response.getHeaders().keySet().stream()
                .map(name -> name.toLowerCase(Locale.ROOT))
                .filter(name -> !headers.containsKey(name) && !TRANSPORT_HEADERS.contains(name))
                .forEach(name -> problems.add("header " + name + " is not documented"));
        var content = declared.node().path("content");
        if (content.isMissingNode()) {
            if (response.getBody() != null && !response.getBody().isEmpty()) {
                problems.add("the answer has a body where none is documented");
            }
            return problems;
        }
        var mediaType = header(response, "content-type").orElse("");
        if (!content.has(mediaType)) {
            problems.add("content-type " + mediaType + " is not documented (" + content.fieldNames().next() + ")");
            return problems;
        }
        problems.addAll(validate(response.getBody(), resolve(content.path(mediaType).path("schema"),
                declared.pointer() + "/content/" + escape(mediaType) + "/schema")));
        return problems;
    }

    /** A node of the document, following a {@code $ref} within it, and where it was found. */
    private record Located(JsonNode node, String pointer) {}

    private static Located resolve(JsonNode node, String pointer) {
        var ref = node.path("$ref").textValue();
        if (ref == null || !ref.startsWith("#")) {
            return new Located(node, pointer);
        }
        var target = ref.substring(1);
        return resolve(ROOT.at(target), target);
    }

    private static List<String> validate(String json, Located schema) {
        try {
            return validate(Json.readTree(json), schema);
        } catch (JsonProcessingException e) {
            return List.of("the body is not JSON: " + e.getOriginalMessage());
        }
    }

    /**
     * A schema under components is loaded by its place in the document, so its references resolve; one written
     * in line (a header's) is loaded alone: those here refer to nothing.
     */
    private static List<String> validate(JsonNode value, Located schema) {
        var compiled = SCHEMAS.computeIfAbsent(schema.pointer(), pointer -> pointer.startsWith("/components/")
                ? FACTORY.getSchema(SchemaLocation.of(DOCUMENT_URI + "#" + pointer), CONFIG)
                : FACTORY.getSchema(schema.node(), CONFIG));
        return compiled.validate(value).stream().map(Object::toString).toList();
    }

    /** Header values are text: an integer-typed header is validated as the number it spells. */
    private static JsonNode headerValue(String text, JsonNode schema) {
        if ("integer".equals(schema.path("type").textValue()) && text.matches("-?\\d{1,18}")) {
            return Json.MAPPER.getNodeFactory().numberNode(Long.parseLong(text));
        }
        return Json.MAPPER.getNodeFactory().textNode(text);
    }

    private static Optional<String> header(APIGatewayV2HTTPResponse response, String name) {
        return response.getHeaders().entrySet().stream()
                .filter(entry -> entry.getKey().equalsIgnoreCase(name))
                .map(Map.Entry::getValue)
                .findFirst();
    }

    /** A JSON pointer token: "~" and "/" escaped (RFC 6901). */
    private static String escape(String token) {
        return token.replace("~", "~0").replace("/", "~1");
    }

    private static <T> Iterable<T> iterable(Iterator<T> iterator) {
        return () -> iterator;
    }

    private static JsonNode read() {
        Object yaml = new Yaml().load(readString(DOCUMENT));
        return Json.MAPPER.valueToTree(yaml);
    }

    private static String readString(Path path) {
        try {
            return Files.readString(path);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The document as a JSON tree, for tests of the document itself. */
    public static JsonNode document() {
        return ROOT;
    }
}
