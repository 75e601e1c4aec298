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
 * the Secrets Manager secret {@code DB_SECRET_ARN}, read at the first connection and never at init.
 *
 * @param connectionTimeout how long to wait for a connection before the invocation fails: short, so that
 *                          a database outage fails a batch fast instead of holding it until the timeout
 * @param secretId          the secret holding {@code username} and {@code password}; when present, it wins
 *                          over {@code user} and {@code password}
 */
public record DbSettings(String jdbcUrl, String user, String password, int poolSize, Duration connectionTimeout,
                         Optional<String> secretId) {

    public static final int DEFAULT_POOL_SIZE = 1;
    public static final Duration DEFAULT_CONNECTION_TIMEOUT = Duration.ofSeconds(3);

    public DbSettings {
        if (!jdbcUrl.startsWith("jdbc:postgresql:")) {
            throw new IllegalArgumentException("DB_URL must be a jdbc:postgresql: URL, got " + jdbcUrl);
        }
        if (poolSize < 1) {
            throw new IllegalArgumentException("DB_POOL_SIZE must be at least 1");
        }
    }

    /** Settings with a user and password given directly. */
    public DbSettings(String jdbcUrl, String user, String password, int poolSize, Duration connectionTimeout) {
        this(jdbcUrl, user, password, poolSize, connectionTimeout, Optional.empty());
    }

    public static DbSettings fromEnvironment(Map<String, String> env) {
        var url = Env.required(env, "DB_URL");
        var poolSize = Optional.ofNullable(env.get("DB_POOL_SIZE")).map(Integer::parseInt).orElse(DEFAULT_POOL_SIZE);
        var secretId = Optional.ofNullable(env.get("DB_SECRET_ARN")).filter(id -> !id.isBlank());
        if (secretId.isPresent()) {
            return new DbSettings(url, "", "", poolSize, DEFAULT_CONNECTION_TIMEOUT, secretId);
        }
        return new DbSettings(url,
                Env.required(env, "DB_USER"),
                Optional.ofNullable(env.get("DB_PASSWORD")).orElse(""),
                poolSize, DEFAULT_CONNECTION_TIMEOUT, Optional.empty());
    }

    @Override
    public String toString() {
        return "DbSettings[jdbcUrl=" + jdbcUrl + ", " + secretId.map(id -> "secret=" + id).orElse("user=" + user)
                + ", poolSize=" + poolSize + "]";
    }
}
