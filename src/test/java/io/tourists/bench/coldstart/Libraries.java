package io.tourists.bench.coldstart;

import java.util.List;
import java.util.Map;

/** Which library a class belongs to, by its package: the unit of the cold-start profile. */
public final class Libraries {

    public static final String JDK = "JDK";

    private static final List<Map.Entry<String, String>> PREFIXES = List.of(
            Map.entry("io.tourists.", "this project"),
            Map.entry("software.amazon.awssdk.", "AWS SDK v2"),
            Map.entry("software.amazon.lambda.powertools.", "Powertools"),
            Map.entry("software.amazon.cloudwatchlogs.emf.", "EMF (Powertools metrics)"),
            Map.entry("org.apache.logging.log4j.", "log4j"),
            Map.entry("org.apache.logging.slf4j.", "log4j"),
            Map.entry("org.slf4j.", "SLF4J"),
            Map.entry("com.fasterxml.jackson.", "Jackson"),
            Map.entry("com.zaxxer.hikari.", "HikariCP"),
            Map.entry("org.postgresql.", "pgjdbc"),
            Map.entry("com.amazonaws.services.lambda.runtime.events.", "Lambda events"),
            Map.entry("com.amazonaws.services.lambda.", "Lambda runtime client"),
            // aws-lambda-java-serialization's own copies of Jackson and Gson: the client's event deserializers.
            Map.entry("com.amazonaws.lambda.thirdparty.", "Lambda runtime client"),
            Map.entry("org.crac.", "org.crac"),
            Map.entry("org.apache.commons.lang3.", "commons-lang3"),
            Map.entry("io.burt.jmespath.", "jmespath"),
            Map.entry("org.joda.", "joda-time"),
            Map.entry("java.", JDK), Map.entry("javax.", JDK), Map.entry("jdk.", JDK), Map.entry("sun.", JDK),
            Map.entry("com.sun.", JDK), Map.entry("org.w3c.", JDK), Map.entry("org.xml.", JDK));

    private Libraries() {
    }

    /** @param className a binary or internal name ({@code a.b.C} or {@code a/b/C}) */
    public static String of(String className) {
        var name = className.replace('/', '.');
        for (var prefix : PREFIXES) {
            if (name.startsWith(prefix.getKey())) {
                return prefix.getValue();
            }
        }
        var parts = name.split("\\.");
        return parts.length > 2 ? parts[0] + "." + parts[1] : name;
    }
}
