package io.tourists.testing;

import java.io.PrintWriter;
import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.logging.Logger;
import javax.sql.DataSource;

/**
 * Wraps a real DataSource and counts what reaches the server: each statement execution and each commit
 * or rollback is one round trip. Nothing is faked; every call goes on to PostgreSQL.
 */
public final class CountingDataSource implements DataSource {

    private static final Set<String> EXECUTIONS = Set.of("execute", "executeQuery", "executeUpdate",
            "executeLargeUpdate", "executeBatch", "executeLargeBatch");
    private static final Set<String> TRANSACTION_ENDS = Set.of("commit", "rollback");

    private final DataSource target;
    private final AtomicInteger roundTrips = new AtomicInteger();

    public CountingDataSource(DataSource target) {
        this.target = target;
    }

    public int roundTrips() {
        return roundTrips.get();
    }

    public void reset() {
        roundTrips.set(0);
    }

    @Override
    public Connection getConnection() throws SQLException {
        return counting(Connection.class, target.getConnection());
    }

    @Override
    public Connection getConnection(String username, String password) throws SQLException {
        return counting(Connection.class, target.getConnection(username, password));
    }

    private <T> T counting(Class<T> type, T delegate) {
        InvocationHandler handler = (proxy, method, args) -> {
            if (EXECUTIONS.contains(method.getName()) || TRANSACTION_ENDS.contains(method.getName())) {
                roundTrips.incrementAndGet();
            }
            try {
                var result = method.invoke(delegate, args);
                if (result instanceof Statement statement) {
                    var statementType = method.getReturnType().isInterface() ? method.getReturnType() : Statement.class;
                    return counting(castInterface(statementType), statement);
                }
                return result;
            } catch (InvocationTargetException e) {
                throw e.getCause();
            }
        };
        return type.cast(Proxy.newProxyInstance(type.getClassLoader(), new Class<?>[] {type}, handler));
    }

    @SuppressWarnings("unchecked")
    private static <T> Class<T> castInterface(Class<?> type) {
        return (Class<T>) type;
    }

    @Override
    public PrintWriter getLogWriter() throws SQLException {
        return target.getLogWriter();
    }

    @Override
    public void setLogWriter(PrintWriter out) throws SQLException {
        target.setLogWriter(out);
    }

    @Override
    public void setLoginTimeout(int seconds) throws SQLException {
        target.setLoginTimeout(seconds);
    }

    @Override
    public int getLoginTimeout() throws SQLException {
        return target.getLoginTimeout();
    }

    @Override
    public Logger getParentLogger() {
        return Logger.getGlobal();
    }

    @Override
    public <T> T unwrap(Class<T> iface) throws SQLException {
        return target.unwrap(iface);
    }

    @Override
    public boolean isWrapperFor(Class<?> iface) throws SQLException {
        return target.isWrapperFor(iface);
    }
}
