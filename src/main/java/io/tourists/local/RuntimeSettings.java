package io.tourists.local;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * Everything the local runtime is told, checked once and then fixed: where each part runs and which
 * template (with which parameter overrides) it runs.
 *
 * @param apiPort        0 for a free port; likewise the embedded services' ports
 * @param statusInterval how often to print the status line; zero for never
 * @param authorizer     whether the HTTP API checks callers as the template's routes require
 * @param dashboardPort  the dashboard page's port on 127.0.0.1 (0 for a free one); empty for no dashboard
 */
public record RuntimeSettings(String apiHost, int apiPort, Sqs sqs, Database database, Path template,
                              Map<String, String> parameterOverrides, boolean verbose, Duration statusInterval,
                              Authorizer authorizer, OptionalInt dashboardPort) {

    public RuntimeSettings {
        requirePort(apiPort, "API port");
        dashboardPort.ifPresent(port -> requirePort(port, "dashboard port"));
        parameterOverrides = Map.copyOf(parameterOverrides);
        if (statusInterval.isNegative()) {
            throw new IllegalArgumentException("the status interval cannot be negative");
        }
    }

    /** Open to anyone, as {@code sam local} is. */
    public RuntimeSettings(String apiHost, int apiPort, Sqs sqs, Database database, Path template,
                           Map<String, String> parameterOverrides, boolean verbose, Duration statusInterval) {
        this(apiHost, apiPort, sqs, database, template, parameterOverrides, verbose, statusInterval, Authorizer.NONE);
    }

    /** Without a dashboard. */
    public RuntimeSettings(String apiHost, int apiPort, Sqs sqs, Database database, Path template,
                           Map<String, String> parameterOverrides, boolean verbose, Duration statusInterval,
                           Authorizer authorizer) {
        this(apiHost, apiPort, sqs, database, template, parameterOverrides, verbose, statusInterval, authorizer,
                OptionalInt.empty());
    }

    /** The same, with the dashboard page on 127.0.0.1:{@code port} (0 for a free one). */
    public RuntimeSettings withDashboard(int port) {
        return new RuntimeSettings(apiHost, apiPort, sqs, database, template, parameterOverrides, verbose,
                statusInterval, authorizer, OptionalInt.of(port));
    }

    /** Who the local HTTP API lets in. */
    public enum Authorizer {
        /** Everyone, on every route: no credentials are checked, as with {@code sam local}. */
        NONE,
        /** As deployed with JwtIssuer set to the runtime's own issuer: a token with the route's scope. */
        JWT,
        /** As deployed with the defaults: a SigV4 signature by a local user whose access policy allows the route. */
        IAM;

        /** none, jwt or iam, in any case. */
        public static Authorizer parse(String text) {
            for (var value : values()) {
                if (value.name().equalsIgnoreCase(text.strip())) {
                    return value;
                }
            }
            throw new IllegalArgumentException("--authorizer must be none, jwt or iam, got " + text);
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
