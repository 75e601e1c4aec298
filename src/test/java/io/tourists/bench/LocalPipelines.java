package io.tourists.bench;

import io.tourists.local.sqs.EmbeddedSqs;
import io.tourists.local.RuntimeSettings;
import io.tourists.testing.Infrastructure;
import io.tourists.testing.TestQueues;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;

/** The local pipeline as the scenarios start it: template.yaml's settings, the suite's queue and database. */
final class LocalPipelines {

    static final Path TEMPLATE = Path.of("template.yaml");

    private LocalPipelines() {
    }

    static RuntimeSettings settings(TestQueues queues, Map<String, String> parameters) {
        var database = Infrastructure.database();
        return new RuntimeSettings("127.0.0.1", 0,
                new RuntimeSettings.Sqs.ExistingQueues(Optional.of(Infrastructure.sqsEndpoint()),
                        Optional.of(EmbeddedSqs.REGION), queues.url(), queues.deadLetterUrl()),
                new RuntimeSettings.Database.Existing(database.jdbcUrl(), database.user(), database.password()),
                TEMPLATE, parameters, false, Duration.ZERO);
    }

    /** A parameter's Default in template.yaml (the benchmark runs the template as deployed). */
    static int templateDefault(String parameter) {
        try {
            var lines = Files.readAllLines(TEMPLATE);
            int at = lines.indexOf("  " + parameter + ":");
            for (int i = at + 1; at >= 0 && i < lines.size() && lines.get(i).startsWith("    "); i++) {
                var line = lines.get(i).strip();
                if (line.startsWith("Default:")) {
                    return Integer.parseInt(line.substring("Default:".length()).strip());
                }
            }
            throw new IllegalStateException("template.yaml has no Default for " + parameter);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    static double seconds(Duration duration) {
        return duration.toNanos() / 1e9;
    }
}
