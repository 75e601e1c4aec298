package io.tourists.local.db;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What PostgreSQL itself writes to its log when it refuses a row: the error, never the row's values. */
class ServerLogIT {

    @Test
    void aConstraintErrorsLogLine_carriesTheConstraintButNoValueOfTheRow(@TempDir Path dir) throws Exception {
        var log = dir.resolve("postgresql.log");
        try (var database = EmbeddedDatabase.start(0, "serverlog", Optional.empty(), true, Optional.of(log));
             var connection = DriverManager.getConnection(database.jdbcUrl(), database.user(), database.password());
             var statement = connection.createStatement();
             // With bind parameters, as the functions send their rows: the logged STATEMENT shows $1, $2.
             var insert = connection.prepareStatement("insert into person values (?, ?)")) {
            statement.execute("create table person (name text, email text check (email like '%@%'))");
            insert.setString(1, "Ada Lovelace");
            insert.setString(2, "ada-at-example.com");
            assertThatThrownBy(insert::executeUpdate).isInstanceOf(SQLException.class);

            var text = waitFor(log, "person_email_check");
            assertThat(text).contains("violates check constraint").doesNotContain("Failing row")
                    .doesNotContain("Ada Lovelace").doesNotContain("ada-at-example.com");
        }
    }

    /** The log once it names {@code expected}: PostgreSQL writes it a moment after the client hears the error. */
    private static String waitFor(Path log, String expected) throws Exception {
        var deadline = Instant.now().plus(Duration.ofSeconds(10));
        String text = "";
        while (Instant.now().isBefore(deadline)) {
            text = Files.exists(log) ? Files.readString(log) : "";
            if (text.contains(expected)) {
                return text;
            }
            Thread.sleep(100);
        }
        throw new AssertionError("PostgreSQL's log never named " + expected + ":\n" + text);
    }
}
