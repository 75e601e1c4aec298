package io.tourists.testing;

import io.tourists.db.DbCredentials.UserPassword;
import io.tourists.local.db.EmbeddedDatabase;
import io.tourists.migrate.AppRole;
import io.tourists.migrate.DatabaseRoles;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.EnumMap;
import java.util.Map;

/**
 * The application's roles on a test PostgreSQL, as the stack's migration function creates them
 * ({@link DatabaseRoles}), so that the functions under test log in as their role, never as the owner.
 * Each role's password is its name (the test servers trust local logins anyway).
 */
public final class AppRoles {

    private AppRoles() {
    }

    /** Lets the owning user create roles (as Aurora's master user may), then creates and grants them. */
    public static void create(EmbeddedDatabase database) {
        var server = "jdbc:postgresql://127.0.0.1:" + database.port() + "/postgres";
        try (var superuser = DriverManager.getConnection(server, "postgres", "");
             var statement = superuser.createStatement()) {
            statement.execute("alter role " + database.user() + " createrole");
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
        var logins = new EnumMap<AppRole, UserPassword>(AppRole.class);
        for (var role : AppRole.values()) {
            logins.put(role, new UserPassword(role.roleName(), role.roleName()));
        }
        try (var owner = DriverManager.getConnection(database.jdbcUrl(), database.user(), database.password())) {
            DatabaseRoles.apply(owner, logins);
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A function's database variables, logging in as the role. */
    public static Map<String, String> variables(EmbeddedDatabase database, AppRole role, int poolSize) {
        return Map.of("DB_URL", database.jdbcUrl(), "DB_USER", role.roleName(), "DB_PASSWORD", role.roleName(),
                "DB_POOL_SIZE", Integer.toString(poolSize));
    }
}
