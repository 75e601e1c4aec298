package io.tourists.testing;

import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Duration;
import java.util.UUID;
import javax.sql.DataSource;

/** Direct reads of the tables, for assertions that must not go through the code under test. */
public final class Rows {

    /** A tourist row as stored, tombstones included. */
    public record TouristRow(UUID touristId, String firstName, boolean deleted, UUID versionWriteId) {}

    private Rows() {
    }

    public static TouristRow tourist(UUID touristId) {
        try (var connection = Infrastructure.dataSource().getConnection();
             var statement = connection.prepareStatement(
                     "select tourist_id, first_name, deleted, version_write_id from tourist where tourist_id = ?")) {
            statement.setObject(1, touristId);
            try (var rows = statement.executeQuery()) {
                return rows.next()
                        ? new TouristRow(rows.getObject(1, UUID.class), rows.getString(2), rows.getBoolean(3),
                                rows.getObject(4, UUID.class))
                        : null;
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    public static long count(String sql) {
        try (var connection = Infrastructure.dataSource().getConnection();
             var statement = connection.createStatement();
             var rows = statement.executeQuery(sql)) {
            rows.next();
            return rows.getLong(1);
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The single number {@code sql} answers on {@code database}, with its {@code ?} bound to the parameters. */
    public static long count(DataSource database, String sql, Object... parameters) {
        try (var connection = database.getConnection(); var statement = connection.prepareStatement(sql)) {
            for (int i = 0; i < parameters.length; i++) {
                statement.setObject(i + 1, parameters[i]);
            }
            try (var rows = statement.executeQuery()) {
                rows.next();
                return rows.getLong(1);
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * Whether the tourist's row appears within {@code bound} in the database at {@code jdbcUrl} (login
     * tourists/tourists, as the local pipeline's embedded PostgreSQL has), asked every 100 ms on a new connection.
     */
    public static boolean appears(String jdbcUrl, UUID touristId, Duration bound) throws SQLException, InterruptedException {
        long deadline = System.nanoTime() + bound.toNanos();
        while (System.nanoTime() < deadline) {
            try (var connection = DriverManager.getConnection(jdbcUrl, "tourists", "tourists");
                 var statement = connection.prepareStatement("select 1 from tourist where tourist_id = ?")) {
                statement.setObject(1, touristId);
                try (var row = statement.executeQuery()) {
                    if (row.next()) {
                        return true;
                    }
                }
            }
            Thread.sleep(100);
        }
        return false;
    }
}
