package io.tourists.db;

import java.io.PrintWriter;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import java.sql.SQLTransientConnectionException;
import java.util.Properties;
import java.util.Set;
import java.util.logging.Logger;
import javax.sql.DataSource;
import org.postgresql.Driver;

/**
 * Opens PostgreSQL connections for the pool, asking {@link DbCredentials} for the user and password at each
 * new connection. When the server refuses the password and the credentials, fetched again, have changed (a
 * rotation happened since they were read), it connects once more with the new ones.
 */
final class PostgresDataSource implements DataSource {

    /** invalid_password, invalid_authorization_specification. */
    private static final Set<String> AUTHENTICATION_FAILED = Set.of("28P01", "28000");

    private final Driver driver = new Driver();
    private final String jdbcUrl;
    private final Properties connectionProperties;
    private final DbCredentials credentials;
    private volatile int loginTimeoutSeconds;

    PostgresDataSource(String jdbcUrl, Properties connectionProperties, DbCredentials credentials) {
        this.jdbcUrl = jdbcUrl;
        this.connectionProperties = connectionProperties;
        this.credentials = credentials;
    }

    DbCredentials credentials() {
        return credentials;
    }

    @Override
    public Connection getConnection() throws SQLException {
        var first = currentCredentials();
        try {
            return getConnection(first.user(), first.password());
        } catch (SQLException refused) {
            if (!AUTHENTICATION_FAILED.contains(refused.getSQLState())) {
                throw refused;
            }
            credentials.forget();
            var second = currentCredentials();
            if (second.equals(first)) {
                throw refused;
            }
            return getConnection(second.user(), second.password());
        }
    }

    @Override
    public Connection getConnection(String user, String password) throws SQLException {
        var properties = new Properties();
        properties.putAll(connectionProperties);
        properties.setProperty("user", user);
        properties.setProperty("password", password);
        int login = loginTimeoutSeconds;
        int socketTimeout = Integer.parseInt(properties.getProperty("socketTimeout", "0"));
        // The socket timeout bounds each read, the login's too: a resuming Aurora cluster holds the login for
        // about 15 s, longer than a statement's budget. So the login's reads may wait as long as the login may
        // take (the pool's connection timeout), and the statements' budget applies from then on.
        boolean longerLogin = login > 0 && socketTimeout > 0 && login > socketTimeout;
        if (login > 0) {
            properties.setProperty("loginTimeout", Integer.toString(login));
        }
        if (longerLogin) {
            properties.setProperty("socketTimeout", Integer.toString(login));
        }
        var connection = driver.connect(jdbcUrl, properties);
        if (connection == null) {
            throw new SQLException("not a PostgreSQL JDBC URL: " + jdbcUrl, "08001");
        }
        if (longerLogin) {
            try {
                connection.setNetworkTimeout(Runnable::run, socketTimeout * 1_000);
            } catch (SQLException | RuntimeException e) {
                connection.close();
                throw e;
            }
        }
        return connection;
    }

    /** A failure to read the credentials (Secrets Manager unreachable) is a connection failure: retryable. */
    private DbCredentials.UserPassword currentCredentials() throws SQLException {
        try {
            return credentials.current();
        } catch (RuntimeException e) {
            throw new SQLTransientConnectionException(
                    "could not read the database credentials: " + e.getMessage(), "08001", e);
        }
    }

    @Override
    public void setLoginTimeout(int seconds) {
        loginTimeoutSeconds = seconds;
    }

    @Override
    public int getLoginTimeout() {
        return loginTimeoutSeconds;
    }

    @Override
    public PrintWriter getLogWriter() {
        return null;
    }

    @Override
    public void setLogWriter(PrintWriter out) {
    }

    @Override
    public Logger getParentLogger() throws SQLFeatureNotSupportedException {
        throw new SQLFeatureNotSupportedException("java.util.logging is not used");
    }

    @Override
    public <T> T unwrap(Class<T> type) throws SQLException {
        if (type.isInstance(this)) {
            return type.cast(this);
        }
        throw new SQLException("not a wrapper for " + type);
    }

    @Override
    public boolean isWrapperFor(Class<?> type) {
        return type.isInstance(this);
    }
}
