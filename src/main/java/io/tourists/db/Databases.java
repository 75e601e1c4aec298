package io.tourists.db;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;

/** Builds the connection pool, once per function environment. */
public final class Databases {

    private Databases() {
    }

    /**
     * A pool that opens nothing until the first query: no connection during Lambda init (it would be
     * billed, and with SnapStart it would be captured in the snapshot), and none held while idle.
     */
    public static HikariDataSource pool(DbSettings settings, String applicationName) {
        var config = new HikariConfig();
        config.setJdbcUrl(settings.jdbcUrl());
        config.setUsername(settings.user());
        config.setPassword(settings.password());
        config.setMaximumPoolSize(settings.poolSize());
        config.setMinimumIdle(0);
        config.setInitializationFailTimeout(-1);
        config.setConnectionTimeout(settings.connectionTimeout().toMillis());
        config.setPoolName(applicationName);
        config.addDataSourceProperty("ApplicationName", applicationName);
        config.addDataSourceProperty("connectTimeout", "2");
        // Below the consumer's function timeout, so a hung statement fails the batch before Lambda kills it.
        config.addDataSourceProperty("socketTimeout", "25");
        config.addDataSourceProperty("tcpKeepAlive", "true");
        return new HikariDataSource(config);
    }
}
