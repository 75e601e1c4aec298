package io.tourists.db;

import com.zaxxer.hikari.SQLExceptionOverride;
import java.sql.SQLException;
import java.util.Set;

/**
 * Tells the pool to replace its connection when an error says the connection itself is wrong now, not the
 * statement: after a failover it may still reach the old writer, now a read-only node (25006), whose every
 * write fails until the pool's maxLifetime (30 minutes) unless it is replaced. HikariCP already replaces a
 * connection on a broken link (class 08) and on some shutdown codes; this makes the list explicit and adds
 * the read-only node. A new connection goes where the database's address now points.
 * https://www.postgresql.org/docs/current/errcodes-appendix.html
 */
final class ConnectionEviction implements SQLExceptionOverride {

    /** read_only_sql_transaction, admin_shutdown, crash_shutdown, cannot_connect_now (starting, in recovery). */
    static final Set<String> WRONG_CONNECTION = Set.of("25006", "57P01", "57P02", "57P03");

    @java.lang.Override
    public Override adjudicate(SQLException e) {
        var state = e.getSQLState();
        if (state != null && (state.startsWith("08") || WRONG_CONNECTION.contains(state))) {
            return Override.MUST_EVICT;
        }
        return Override.CONTINUE_EVICT;
    }
}
