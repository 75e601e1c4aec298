package io.tourists.db;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import io.tourists.lambda.SecretSource;
import java.util.Map;
import java.util.Properties;
import java.util.function.Supplier;

/** Builds the connection pool, once per function environment. */
public final class Databases {

    private Databases() {
    }

    /**
     * The pool a function builds at init, from its environment: {@code DB_URL}, optional {@code DB_POOL_SIZE},
     * and either {@code DB_SECRET_ARN} (the secret is read through {@code secrets} at the first
     * connection) or {@code DB_USER} and {@code DB_PASSWORD}. The secret source ({@link SecretSource}) is made only
     * when there is a secret to read. On an on-demand Lambda init, the secret read (with the source's making) and
     * then the first connection start on a thread of its own that init does not wait for ({@link EarlyConnection});
     * otherwise the source is made here and the connection opens at the first query.
     */
    public static HikariDataSource fromEnvironment(Map<String, String> env,
                                                   Supplier<SecretSource> secrets,
                                                   String applicationName) {
        var settings = DbSettings.fromEnvironment(env);
        // On an on-demand init the early connection makes the source; elsewhere (SnapStart's init, which a
        // restored environment does not run again; the local runtime; tests) init makes it, as before.
        boolean onDemand = EarlyConnection.onDemand(env);
        var credentials = settings.secretId()
                .<DbCredentials>map(secretId -> onDemand ? new SecretsManagerCredentials(secrets, secretId)
                        : new SecretsManagerCredentials(secrets.get(), secretId))
                .orElseGet(() -> DbCredentials.fixed(settings.user(), settings.password()));
        // Started before the pool is built: the secret does not need the pool, and building the pool starts log4j
        // (HikariCP's loggers), the longest part of this thread's own work.
        var early = EarlyConnection.startIfOnDemand(env, credentials);
        HikariDataSource pool;
        try {
            pool = pool(settings, credentials, applicationName);
        } catch (RuntimeException e) {
            early.ifPresent(EarlyConnection::abandon);
            throw e;
        }
        early.ifPresent(connection -> connection.open(pool));
        return pool;
    }

    /**
     * A pool with the settings' own user and password, for tools and tests. It opens nothing until the first
     * query: no connection during Lambda init (it would be billed, and with SnapStart it would be captured in
     * the snapshot), and none held while idle.
     */
    public static HikariDataSource pool(DbSettings settings, String applicationName) {
        if (settings.secretId().isPresent()) {
            throw new IllegalArgumentException("settings with a secret need its credentials: use fromEnvironment");
        }
        return pool(settings, DbCredentials.fixed(settings.user(), settings.password()), applicationName);
    }

    /** A pool whose connections use these credentials, asked for at each new connection. */
    public static HikariDataSource pool(DbSettings settings, DbCredentials credentials, String applicationName) {
        var properties = new Properties();
        properties.putAll(Map.of(
                "ApplicationName", applicationName,
                // The driver's TCP connect gives up a second before the pool stops waiting, so the driver's
                // error is the one reported: 2 s by default, longer where a resuming Aurora must be waited for.
                "connectTimeout", Long.toString(Math.max(1, settings.connectionTimeout().toSeconds() - 1)),
                // For tools; a function's settings carry server timeouts and a shorter one (below).
                "socketTimeout", "25",
                "tcpKeepAlive", "true",
                // A refused row's "Failing row contains (...)" detail stays out of the driver's messages, and so
                // out of logs and dead-letter attributes (SqlErrors describes errors without their text too).
                "logServerErrorDetail", "false"));
        settings.serverTimeouts().ifPresent(timeouts -> {
            // Set at connection start (no extra round trip), for this connection only: migrations keep none.
            properties.setProperty("options", "-c statement_timeout=" + timeouts.statement().toMillis()
                    + " -c lock_timeout=" + timeouts.lock().toMillis());
            properties.setProperty("socketTimeout", Long.toString(timeouts.socketTimeout().toSeconds()));
        });
        var config = new HikariConfig();
        config.setDataSource(new PostgresDataSource(settings.jdbcUrl(), properties, credentials));
        config.setMaximumPoolSize(settings.poolSize());
        config.setMinimumIdle(0);
        config.setInitializationFailTimeout(-1);
        config.setConnectionTimeout(settings.connectionTimeout().toMillis());
        // Checking an idle connection must take less than waiting for one: half of it, 1 s at most (HikariCP's 5 s
        // default was above the 3 s connection timeout).
        config.setValidationTimeout(Math.max(250, Math.min(1_000, settings.connectionTimeout().toMillis() / 2)));
        config.setExceptionOverride(new ConnectionEviction());
        config.setPoolName(applicationName);
        return new HikariDataSource(config);
    }

    /** Before a SnapStart snapshot: primes the pool's credentials' fetch ({@link DbCredentials#prime}), no I/O. */
    public static void prime(HikariDataSource pool) {
        if (pool.getDataSource() instanceof PostgresDataSource postgres) {
            postgres.credentials().prime();
        }
    }

    /**
     * After a SnapStart restore: the snapshot may hold connections (and credentials) that belong to another
     * time and another network path. Close what the pool holds (connections in use are closed when
     * returned) and forget the credentials, so the next query opens a fresh connection with fresh ones.
     */
    public static void reopen(HikariDataSource pool) {
        var mxBean = pool.getHikariPoolMXBean();
        if (mxBean != null) {
            mxBean.softEvictConnections();
        }
        if (pool.getDataSource() instanceof PostgresDataSource postgres) {
            postgres.credentials().forget();
        }
    }
}
