package io.tourists.lambda;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reading the fields of an event Lambda hands a function, as the runtime interface client's own serializer reads
 * them: an absent or null field is null, a scalar where text is expected is its text.
 */
final class EventFields {

    private EventFields() {
    }

    static String text(JsonNode parent, String name) {
        var node = parent.get(name);
        if (node == null || node.isNull()) {
            return null;
        }
        return node.isValueNode() ? node.asText() : node.toString();
    }

    static long number(JsonNode parent, String name) {
        var node = parent.get(name);
        return node == null || node.isNull() ? 0 : node.asLong();
    }

    static boolean bool(JsonNode parent, String name) {
        var node = parent.get(name);
        return node != null && node.asBoolean();
    }

    /** An object of strings, in the event's order; null when absent. */
    static Map<String, String> textMap(JsonNode parent, String name) {
        var node = parent.get(name);
        if (node == null || !node.isObject()) {
            return null;
        }
        var map = new LinkedHashMap<String, String>(Math.max(4, node.size() * 4 / 3 + 1));
        for (var field : node.properties()) {
            map.put(field.getKey(), text(node, field.getKey()));
        }
        return map;
    }

    /** An array of strings; null when absent. */
    static List<String> textList(JsonNode parent, String name) {
        var node = parent.get(name);
        if (node == null || !node.isArray()) {
            return null;
        }
        var list = new ArrayList<String>(node.size());
        for (var item : node) {
            list.add(item.isNull() ? null : item.isValueNode() ? item.asText() : item.toString());
        }
        return list;
    }

    /** The object under {@code name}, or null when absent or not an object. */
    static JsonNode object(JsonNode parent, String name) {
        var node = parent.get(name);
        return node != null && node.isObject() ? node : null;
    }
}
