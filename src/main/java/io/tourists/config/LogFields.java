package io.tourists.config;

import io.tourists.domain.PersonalData;
import java.lang.reflect.InvocationTargetException;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import software.amazon.lambda.powertools.logging.argument.StructuredArgument;
import software.amazon.lambda.powertools.logging.argument.StructuredArguments;

/**
 * Structured fields of a JSON log line (Powertools' {@code StructuredArguments.entry}), with values JSON has:
 * strings, numbers, booleans, and maps and lists of them; a record becomes a map of its components (a
 * {@link PersonalData} record its redacted string), anything
 * else (a UUID, an Instant, an enum) its string. Powertools writes those itself. Anything else it hands to an
 * ObjectMapper of its own (powertools-serialization's JsonConfig), whose first use loads joda-time, JMESPath and
 * a second Jackson setup, about 200 classes in the middle of a request; the Lambda artifacts leave those
 * libraries out. Every function's log fields go through here ({@code LogFieldsTest} checks), so that never
 * happens.
 */
public final class LogFields {

    private LogFields() {
    }

    public static StructuredArgument entry(String key, Object value) {
        return StructuredArguments.entry(key, plain(value));
    }

    static Object plain(Object value) {
        return switch (value) {
            case null -> null;
            case String text -> text;
            case Number number -> number;
            case Boolean bool -> bool;
            // Before Record: its toString() keeps the ids and leaves the person's data out.
            case PersonalData personal -> personal.toString();
            case Record record -> components(record);
            case Map<?, ?> map -> {
                var plain = new LinkedHashMap<String, Object>();
                map.forEach((key, item) -> plain.put(String.valueOf(key), plain(item)));
                yield plain;
            }
            case Collection<?> items -> items.stream().map(LogFields::plain).toList();
            default -> value.toString();
        };
    }

    private static Map<String, Object> components(Record record) {
        var plain = new LinkedHashMap<String, Object>();
        for (var component : record.getClass().getRecordComponents()) {
            try {
                var accessor = component.getAccessor();
                accessor.setAccessible(true);
                plain.put(component.getName(), plain(accessor.invoke(record)));
            } catch (IllegalAccessException | InvocationTargetException e) {
                plain.put(component.getName(), "(unreadable: " + e + ")");
            }
        }
        return plain;
    }

    /** For tests: the values Powertools writes without an ObjectMapper of its own. */
    static boolean isPlain(Object value) {
        return switch (value) {
            case null -> true;
            case String text -> true;
            case Number number -> true;
            case Boolean bool -> true;
            case Map<?, ?> map -> map.keySet().stream().allMatch(String.class::isInstance)
                    && map.values().stream().allMatch(LogFields::isPlain);
            case List<?> items -> items.stream().allMatch(LogFields::isPlain);
            default -> false;
        };
    }
}
