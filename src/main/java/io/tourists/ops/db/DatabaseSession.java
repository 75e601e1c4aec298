package io.tourists.ops.db;

import com.zaxxer.hikari.HikariDataSource;
import io.tourists.db.DbSettings;
import io.tourists.db.Databases;
import io.tourists.ops.internal.CliContext;
import io.tourists.ops.internal.OperatorException;
import java.net.ConnectException;
import java.net.UnknownHostException;
import java.sql.SQLException;
import java.time.Duration;
import java.util.Optional;
import java.util.function.Function;
import javax.sql.DataSource;
import org.flywaydb.core.api.FlywayException;

/**
 * One command's session with PostgreSQL: a small connection pool (built by {@link Databases}, the functions'
 * pool factory), and the translation of what goes wrong into one line for the operator.
 */
public final class DatabaseSession implements AutoCloseable {

    /** Flyway may hold two connections at once: its lock and its work. */
    private static final int POOL_SIZE = 2;
    private static final Duration CONNECTION_TIMEOUT = Duration.ofSeconds(5);

    private final HikariDataSource pool;
    private final String url;
    private final String user;

    private DatabaseSession(HikariDataSource pool, String url, String user) {
        this.pool = pool;
        this.url = url;
        this.user = user;
    }

    public static DatabaseSession open(CliContext context, DbOptions options) {
        var url = Optional.ofNullable(options.url).or(() -> context.variable("DB_URL")).orElseThrow(() ->
                OperatorException.environment("no database: pass --db-url or set DB_URL"));
        var user = Optional.ofNullable(options.user).or(() -> context.variable("DB_USER")).orElseThrow(() ->
                OperatorException.environment("no database user: pass --db-user or set DB_USER"));
        var password = Optional.ofNullable(options.password).or(() -> context.variable("DB_PASSWORD")).orElse("");
        DbSettings settings;
        try {
            settings = new DbSettings(url, user, password, POOL_SIZE, CONNECTION_TIMEOUT);
        } catch (IllegalArgumentException e) {
            throw OperatorException.environment(e.getMessage(), e);
        }
        return new DatabaseSession(Databases.pool(settings, "tourists-ops"), url, user);
    }

    /** Runs work against the database, translating what goes wrong. */
    public <T> T run(String action, Function<DataSource, T> work) {
        try {
            return work.apply(pool);
        } catch (RuntimeException e) {
            throw translate(action, e);
        }
    }

    private OperatorException translate(String action, RuntimeException failure) {
        var sql = deepestSqlException(failure);
        if (sql.isPresent()) {
            var state = Optional.ofNullable(sql.get().getSQLState()).orElse("");
            var message = firstLine(sql.get().getMessage());
            if (state.startsWith("08") || hasCause(failure, ConnectException.class) || hasCause(failure, UnknownHostException.class)) {
                return OperatorException.environment("cannot reach PostgreSQL at " + url + " (" + message + ")", failure);
            }
            if (state.startsWith("28")) {
                return OperatorException.environment("PostgreSQL at " + url + " refused user " + user + ": " + message, failure);
            }
            if (state.equals("3D000")) {
                return OperatorException.environment("PostgreSQL at " + url + ": " + message, failure);
            }
            return OperatorException.environment(action + " failed at " + url + ": " + message
                    + (state.isEmpty() ? "" : " (SQLSTATE " + state + ")"), failure);
        }
        if (failure instanceof FlywayException) {
            return OperatorException.refused(action + " failed: " + firstLine(failure.getMessage()));
        }
        throw failure;
    }

    private static Optional<SQLException> deepestSqlException(Throwable failure) {
        SQLException found = null;
        for (var cause = failure; cause != null; cause = cause.getCause() == cause ? null : cause.getCause()) {
            if (cause instanceof SQLException sql && (found == null || sql.getSQLState() != null)) {
                found = sql;
            }
        }
        return Optional.ofNullable(found);
    }

    private static boolean hasCause(Throwable failure, Class<? extends Throwable> type) {
        for (var cause = failure; cause != null; cause = cause.getCause() == cause ? null : cause.getCause()) {
            if (type.isInstance(cause)) {
                return true;
            }
        }
        return false;
    }

    private static String firstLine(String message) {
        if (message == null) {
            return "(no message)";
        }
        var line = message.strip();
        int newline = line.indexOf('\n');
        return newline < 0 ? line : line.substring(0, newline).strip();
    }

    public String url() {
        return url;
    }

    @Override
    public void close() {
        pool.close();
    }
}
