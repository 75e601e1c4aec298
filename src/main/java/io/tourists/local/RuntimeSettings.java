package io.tourists.local;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;

/**
 * Everything the local runtime is told, checked once and then fixed: where each part runs and which
 * template (with which parameter overrides) it runs.
 *
 * @param apiPort        0 for a free port; likewise the embedded services' ports
 * @param statusInterval how often to print the status line; zero for never
 */
public record RuntimeSettings(String apiHost, int apiPort, Sqs sqs, Database database, Path template,
                              Map<String, String> parameterOverrides, boolean verbose, Duration statusInterval) {

    public RuntimeSettings {
        requirePort(apiPort, "API port");
        parameterOverrides = Map.copyOf(parameterOverrides);
        if (statusInterval.isNegative()) {
            throw new IllegalArgumentException("the status interval cannot be negative");
        }
    }

    /** Where the queues are. */
    public sealed interface Sqs {

        /**
         * ElasticMQ in this JVM, its queues created from the template; kept in a data directory across runs, or
         * in memory only.
         */
        record Embedded(int port, Optional<Path> dataDirectory) implements Sqs {
            public Embedded {
                requirePort(port, "SQS port");
            }

            /** In memory only. */
            public Embedded(int port) {
                this(port, Optional.empty());
            }
        }

        /** Another SQS endpoint (LocalStack, ElasticMQ elsewhere): the template's queues are created or updated there. */
        record Endpoint(URI endpoint, Optional<String> region) implements Sqs {}

        /** Queues someone else manages (real AWS), used as they are; the endpoint is the region's unless given. */
        record ExistingQueues(Optional<URI> endpoint, Optional<String> region, String queueUrl,
                              String deadLetterQueueUrl) implements Sqs {}
    }

    /** Where PostgreSQL is. */
    public sealed interface Database {

        /** Real PostgreSQL binaries started by the runtime; a data directory keeps the data across runs. */
        record Embedded(int port, Optional<Path> dataDirectory) implements Database {
            public Embedded {
                requirePort(port, "PostgreSQL port");
            }
        }

        /** A PostgreSQL that is already running: the runtime migrates it and connects to it. */
        record Existing(String jdbcUrl, String user, String password) implements Database {
            public Existing {
                if (!jdbcUrl.startsWith("jdbc:postgresql:")) {
                    throw new IllegalArgumentException("the database URL must be a jdbc:postgresql: URL, got " + jdbcUrl);
                }
            }
        }
    }

    private static void requirePort(int port, String what) {
        if (port < 0 || port > 65_535) {
            throw new IllegalArgumentException(what + " must be 0 (any free port) to 65535, got " + port);
        }
    }
}
