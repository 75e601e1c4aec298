package io.tourists.ops.db;

import picocli.CommandLine.Option;

/** Which database: flags, or the same variables the functions read. */
public final class DbOptions {

    @Option(names = "--db-url", paramLabel = "JDBC_URL",
            description = "e.g. jdbc:postgresql://127.0.0.1:5433/tourists (default: DB_URL)")
    String url;

    @Option(names = "--db-user", paramLabel = "USER", description = "(default: DB_USER)")
    String user;

    @Option(names = "--db-password", paramLabel = "PASSWORD",
            description = "(default: DB_PASSWORD; prefer the variable: a flag shows in the process list)")
    String password;
}
