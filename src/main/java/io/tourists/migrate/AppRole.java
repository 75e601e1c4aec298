package io.tourists.migrate;

import java.util.List;

/**
 * The database roles the functions log in as, each with only what its function does: the read function
 * selects, the consumer inserts and updates (it never deletes), prune deletes. Each role's password is in a
 * Secrets Manager secret of its own (template.yaml generates them; the migration function reads them by the
 * environment variable named here), whose {@code username} is the role's name.
 *
 * @param privileges what the role may do on every application table ({@code flyway_schema_history} excluded)
 */
public enum AppRole {

    READER("tourists_reader", "READER_DB_SECRET_ARN", List.of("SELECT")),
    CONSUMER("tourists_consumer", "CONSUMER_DB_SECRET_ARN", List.of("SELECT", "INSERT", "UPDATE")),
    // SELECT ... FOR UPDATE SKIP LOCKED picks the rows a chunk deletes: PostgreSQL asks for UPDATE on the rows it
    // locks, so prune has UPDATE too; it runs no UPDATE statement.
    PRUNE("tourists_prune", "PRUNE_DB_SECRET_ARN", List.of("SELECT", "DELETE", "UPDATE"));

    private final String roleName;
    private final String secretVariable;
    private final List<String> privileges;

    AppRole(String roleName, String secretVariable, List<String> privileges) {
        this.roleName = roleName;
        this.secretVariable = secretVariable;
        this.privileges = privileges;
    }

    public String roleName() {
        return roleName;
    }

    /** The migration function's environment variable that names this role's secret. */
    public String secretVariable() {
        return secretVariable;
    }

    public List<String> privileges() {
        return privileges;
    }
}
