package io.tourists.migrate;

import io.tourists.db.DbCredentials.UserPassword;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.Map;

/**
 * Creates the application's login roles, sets their passwords, and grants each exactly its
 * {@link AppRole#privileges()} on every table of the schema, {@code flyway_schema_history} excepted. Run after
 * every migration: the grants are applied again each time, so a table a later migration adds is covered, and
 * default privileges cover a table that someone migrates by hand ({@code bin/tourists db migrate}) in between.
 * Nothing here drops a role or a table.
 */
public final class DatabaseRoles {

    static final String SCHEMA = "public";
    static final String HISTORY_TABLE = "flyway_schema_history";

    private DatabaseRoles() {
    }

    /**
     * @param connection a connection of the migrating user, who must be allowed to create roles (Aurora's and
     *                   RDS's master user is); committed here
     * @param logins     each role's login, as its secret holds it: the user name must be the role's own
     */
    public static void apply(Connection connection, Map<AppRole, UserPassword> logins) throws SQLException {
        var autoCommit = connection.getAutoCommit();
        connection.setAutoCommit(false);
        try {
            for (var login : logins.entrySet()) {
                apply(connection, login.getKey(), login.getValue());
            }
            connection.commit();
        } catch (SQLException | RuntimeException e) {
            connection.rollback();
            throw e;
        } finally {
            connection.setAutoCommit(autoCommit);
        }
    }

    private static void apply(Connection connection, AppRole role, UserPassword login) throws SQLException {
        if (!role.roleName().equals(login.user())) {
            throw new IllegalArgumentException("the secret for " + role.roleName() + " names the user " + login.user()
                    + "; it must be " + role.roleName());
        }
        var name = role.roleName();
        // PostgreSQL takes no bind parameters in CREATE ROLE: format() quotes the name (%I) and the password (%L)
        // on the server, so no text of the secret is ever spliced into SQL here.
        boolean exists;
        try (var statement = connection.prepareStatement("select exists (select 1 from pg_roles where rolname = ?)")) {
            statement.setString(1, name);
            try (var rows = statement.executeQuery()) {
                rows.next();
                exists = rows.getBoolean(1);
            }
        }
        // A new role has no other attribute (no superuser, createdb, createrole, replication); naming them in ALTER
        // ROLE would need them, which Aurora's master user does not have.
        executeFormatted(connection, exists
                ? "select format('alter role %I with login password %L', ?, ?)"
                : "select format('create role %I with login password %L', ?, ?)",
                name, login.password());
        var privileges = String.join(", ", role.privileges());
        try (var statement = connection.createStatement()) {
            statement.execute("grant connect on database \"" + currentDatabase(connection) + "\" to " + name);
            statement.execute("grant usage on schema " + SCHEMA + " to " + name);
            statement.execute("revoke all on all tables in schema " + SCHEMA + " from " + name);
            statement.execute("grant " + privileges + " on all tables in schema " + SCHEMA + " to " + name);
            statement.execute("revoke all on table " + SCHEMA + "." + HISTORY_TABLE + " from " + name);
            // Tables the migrating user creates later (a migration run by hand) are covered before the next run here.
            statement.execute("alter default privileges in schema " + SCHEMA + " grant " + privileges
                    + " on tables to " + name);
        }
    }

    /** Builds the statement on the server with format(), then runs it. */
    private static void executeFormatted(Connection connection, String formatQuery, String name, String password)
            throws SQLException {
        String sql;
        try (var statement = connection.prepareStatement(formatQuery)) {
            statement.setString(1, name);
            statement.setString(2, password);
            try (var rows = statement.executeQuery()) {
                rows.next();
                sql = rows.getString(1);
            }
        }
        try (var statement = connection.createStatement()) {
            statement.execute(sql);
        }
    }

    private static String currentDatabase(Connection connection) throws SQLException {
        try (var rows = connection.createStatement().executeQuery("select current_database()")) {
            rows.next();
            return rows.getString(1).replace("\"", "\"\"");
        }
    }
}
