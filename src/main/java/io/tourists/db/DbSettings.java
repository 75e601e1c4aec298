package io.tourists.db;

import io.tourists.config.Env;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;

/**
 * How a function reaches PostgreSQL. One Lambda environment runs one invocation at a time, so the pool
 * holds one connection: peak connections are (concurrent environments) x {@code poolSize}.
 *
 * @param connectionTimeout how long to wait for a connection before the invocation fails: short, so that
 *                          a database outage fails a batch fast instead of holding it until the timeout
 */
public record DbSettings(String jdbcUrl, String user, String password, int poolSize, Duration connectionTimeout) {

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

    public static DbSettings fromEnvironment(Map<String, String> env) {
        return new DbSettings(
                Env.required(env, "DB_URL"),
                Env.required(env, "DB_USER"),
                Optional.ofNullable(env.get("DB_PASSWORD")).orElse(""),
                Optional.ofNullable(env.get("DB_POOL_SIZE")).map(Integer::parseInt).orElse(DEFAULT_POOL_SIZE),
                DEFAULT_CONNECTION_TIMEOUT);
    }

    @Override
    public String toString() {
        return "DbSettings[jdbcUrl=" + jdbcUrl + ", user=" + user + ", poolSize=" + poolSize + "]";
    }
}
