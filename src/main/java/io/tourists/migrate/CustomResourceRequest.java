package io.tourists.migrate;

import java.net.URI;
import java.util.Map;
import java.util.Optional;

/**
 * What CloudFormation sends a custom resource's function, as far as the answer needs it.
 * https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/crpg-ref-requests.html
 *
 * @param responseUrl the presigned S3 URL that takes the answer (one PUT)
 * @param physicalResourceId absent on Create; on Update and Delete, the id the last answer gave
 */
public record CustomResourceRequest(Type type, URI responseUrl, String stackId, String requestId,
                                    String logicalResourceId, Optional<String> physicalResourceId) {

    public enum Type { CREATE, UPDATE, DELETE }

    /** Whether the event is CloudFormation's: it names a response URL. A direct invocation does not. */
    public static boolean isCustomResourceEvent(Map<String, Object> event) {
        return event.get("ResponseURL") instanceof String;
    }

    public static CustomResourceRequest of(Map<String, Object> event) {
        var type = switch (text(event, "RequestType")) {
            case "Create" -> Type.CREATE;
            case "Update" -> Type.UPDATE;
            case "Delete" -> Type.DELETE;
            default -> throw new IllegalArgumentException("unknown RequestType " + event.get("RequestType"));
        };
        return new CustomResourceRequest(type, URI.create(text(event, "ResponseURL")), text(event, "StackId"),
                text(event, "RequestId"), text(event, "LogicalResourceId"),
                Optional.ofNullable(event.get("PhysicalResourceId")).map(String::valueOf));
    }

    private static String text(Map<String, Object> event, String field) {
        if (!(event.get(field) instanceof String value)) {
            throw new IllegalArgumentException("the custom resource event has no " + field);
        }
        return value;
    }
}
