package io.tourists.db;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.zaxxer.hikari.HikariDataSource;
import io.tourists.testing.OwnDatabase;
import java.sql.SQLException;
import javax.sql.DataSource;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A function's pool against a PostgreSQL of its own: the server timeouts it sets, its validation timeout, and
 * a connection replaced when it turns out to reach a read-only node, as after a failover.
 */
class FunctionPoolLimitsIT {

    private static OwnDatabase database;

    @BeforeAll
    static void startDatabase() {
        database = OwnDatabase.start("pool-limits");
    }

    @AfterAll
    static void stopDatabase() {
        database.close();
    }

    @Test
    void shouldBoundStatementsAndLockWaitsOnTheServer_forFunctionsOnly() throws SQLException {
        try (var function = Databases.pool(database.functionSettings(1), "limits-function");
             var tool = Databases.pool(database.testSettings(1), "limits-tool")) {
            assertThat(show(function, "statement_timeout")).isEqualTo("5s");
            assertThat(show(function, "lock_timeout")).isEqualTo("2s");
            assertThat(show(tool, "statement_timeout")).as("migrations may run long").isEqualTo("0");
            assertThat(function.getValidationTimeout()).as("checking a connection takes less than waiting for one")
                    .isLessThan(function.getConnectionTimeout()).isEqualTo(1_000);
        }
    }

    @Test
    void shouldReplaceAConnectionThatReachesAReadOnlyNode() throws Exception {
        try (var pool = Databases.pool(database.functionSettings(1), "failover")) {
            long before = backendPid(pool);
            insert(pool);

            // The old connection now reaches a read-only node; new connections reach a writable one.
            database.asSuperuser("alter database tourists set default_transaction_read_only = off",
                    "alter system set default_transaction_read_only = on", "select pg_reload_conf()");
            try {
                awaitReadOnly(pool);

                assertThat(backendPid(pool)).as("the pool opened a new connection").isNotEqualTo(before);
                insert(pool);
            } finally {
                database.asSuperuser("alter system reset default_transaction_read_only",
                        "alter database tourists reset default_transaction_read_only", "select pg_reload_conf()");
            }
        }
    }

    /** The reload reaches the old session asynchronously: write until the read-only error comes. */
    private static void awaitReadOnly(HikariDataSource pool) throws InterruptedException {
        for (int i = 0; i < 100; i++) {
            try {
                insert(pool);
            } catch (SQLException e) {
                assertThat(e.getSQLState()).isEqualTo("25006");
                return;
            }
            Thread.sleep(50);
        }
        throw new AssertionError("the old connection never became read-only");
    }

    private static void insert(DataSource pool) throws SQLException {
        try (var connection = pool.getConnection(); var statement = connection.createStatement()) {
            statement.execute("insert into applied_write (write_id, tourist_id) values (gen_random_uuid(), gen_random_uuid())");
        }
    }

    private static long backendPid(DataSource pool) throws SQLException {
        try (var connection = pool.getConnection();
             var rows = connection.createStatement().executeQuery("select pg_backend_pid()")) {
            rows.next();
            return rows.getLong(1);
        }
    }

    private static String show(DataSource pool, String setting) throws SQLException {
        try (var connection = pool.getConnection();
             var rows = connection.createStatement().executeQuery("show " + setting)) {
            rows.next();
            return rows.getString(1);
        }
    }
}
