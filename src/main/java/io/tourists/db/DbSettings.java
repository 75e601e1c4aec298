package io.tourists.db;

import io.tourists.config.Env;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;

/**
 * How a function reaches PostgreSQL. One Lambda environment runs one invocation at a time, so the pool
 * holds one connection: peak connections are (concurrent environments) x {@code poolSize}.
 *
 * <p>Credentials come either from {@code DB_USER}/{@code DB_PASSWORD} (local runs, tests) or, on AWS, from
 * the Secrets Manager secret {@code DB_SECRET_ARN}, read at the first connection (which an on-demand init starts
 * in the background, {@link EarlyConnection}; never before a SnapStart snapshot).
 *
 * @param connectionTimeout how long to wait for a connection before the invocation fails: by default short
 *                          (3 s), so that a database outage fails a batch fast instead of holding it until the
 *                          timeout; {@code DB_CONNECT_TIMEOUT_SECONDS} makes it longer where a paused Aurora
 *                          cluster must be waited for while it resumes (about 15 s), as the read function's
 * @param secretId          the secret holding {@code username} and {@code password}; when present, it wins
 *                          over {@code user} and {@code password}
 * @param serverTimeouts    how long the server may run a statement or wait for a lock; functions set them
 *                          ({@link ServerTimeouts#FUNCTION}), tools (migrations) do not
 */
public record DbSettings(String jdbcUrl, String user, String password, int poolSize, Duration connectionTimeout,
                         Optional<String> secretId, Optional<ServerTimeouts> serverTimeouts) {

    public static final int DEFAULT_POOL_SIZE = 1;
    public static final Duration DEFAULT_CONNECTION_TIMEOUT = Duration.ofSeconds(3);

    public DbSettings {
        if (!jdbcUrl.startsWith("jdbc:postgresql:")) {
            throw new IllegalArgumentException("DB_URL must be a jdbc:postgresql: URL, got " + jdbcUrl);
        }
        if (poolSize < 1) {
            throw new IllegalArgumentException("DB_POOL_SIZE must be at least 1");
        }
        if (connectionTimeout.isNegative() || connectionTimeout.isZero()) {
            throw new IllegalArgumentException("the connection timeout must be positive, got " + connectionTimeout);
        }
    }

    /**
     * What a function's statements may take on the server, below every function timeout (the read function's
     * 29 s, the consumer's 10-30 s): a statement left behind by an invocation that timed out ends, and its
     * locks go, within {@code statement}; a lock wait ends within {@code lock}. The client stops waiting for a
     * silent server (frozen, cut off) after {@link #socketTimeout()}, a little later, so that the server's own
     * error arrives first when there is one. All three fail the batch as "unavailable": it is retried.
     */
    public record ServerTimeouts(Duration statement, Duration lock) {

        public static final ServerTimeouts FUNCTION = new ServerTimeouts(Duration.ofSeconds(5), Duration.ofSeconds(2));

        public Duration socketTimeout() {
            return statement.plusSeconds(3);
        }
    }

    /** Settings with a user and password given directly, without server timeouts. */
    public DbSettings(String jdbcUrl, String user, String password, int poolSize, Duration connectionTimeout) {
        this(jdbcUrl, user, password, poolSize, connectionTimeout, Optional.empty(), Optional.empty());
    }

    /** The same settings with these server timeouts. */
    public DbSettings withServerTimeouts(ServerTimeouts timeouts) {
        return new DbSettings(jdbcUrl, user, password, poolSize, connectionTimeout, secretId, Optional.of(timeouts));
    }

    /**
     * A function's settings: with {@link ServerTimeouts#FUNCTION}, and {@code DB_CONNECT_TIMEOUT_SECONDS} (whole
     * seconds) as the connection timeout when set.
     */
    public static DbSettings fromEnvironment(Map<String, String> env) {
        var url = Env.required(env, "DB_URL");
        var poolSize = Optional.ofNullable(env.get("DB_POOL_SIZE")).map(Integer::parseInt).orElse(DEFAULT_POOL_SIZE);
        var secretId = Optional.ofNullable(env.get("DB_SECRET_ARN")).filter(id -> !id.isBlank());
        // With a secret, the login comes from it at connect time (db/SecretsManagerCredentials).
        var user = secretId.isPresent() ? "" : Env.required(env, "DB_USER");
        var password = secretId.isPresent() ? "" : Optional.ofNullable(env.get("DB_PASSWORD")).orElse("");
        var connectionTimeout = Optional.ofNullable(env.get("DB_CONNECT_TIMEOUT_SECONDS")).filter(s -> !s.isBlank())
                .map(DbSettings::connectTimeoutSeconds).orElse(DEFAULT_CONNECTION_TIMEOUT);
        return new DbSettings(url, user, password, poolSize, connectionTimeout, secretId,
                Optional.of(ServerTimeouts.FUNCTION));
    }

    /** Whole seconds, at least 1: the driver's own connect timeout is this less a second (db/Databases). */
    private static Duration connectTimeoutSeconds(String text) {
        var seconds = Integer.parseInt(text.strip());
        if (seconds < 1) {
            throw new IllegalArgumentException("DB_CONNECT_TIMEOUT_SECONDS must be at least 1, got " + seconds);
        }
        return Duration.ofSeconds(seconds);
    }

    @Override
    public String toString() {
        return "DbSettings[jdbcUrl=" + jdbcUrl + ", " + secretId.map(id -> "secret=" + id).orElse("user=" + user)
                + ", poolSize=" + poolSize + "]";
    }
}
