package io.tourists.db;

import static org.assertj.core.api.Assertions.assertThat;

import io.tourists.testing.Infrastructure;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Every shape of page is read through an index, in index order: no sequential scan, no sort, no OFFSET. So a
 * page costs the same at any table size and any depth (BENCHMARKS.md, "Read side", measures it).
 */
class TouristPagesIT {

    @BeforeAll
    static void tenThousandTourists() {
        Infrastructure.resetDatabase();
        Infrastructure.execute("""
                insert into tourist (tourist_id, first_name, last_name, email, nationality, date_of_birth, deleted,
                                     version_at, version_write_id)
                select gen_random_uuid(), 'Ada', 'Lovelace', 'ada@example.com',
                       (array['GB', 'FR', 'DE', 'IT', 'ES'])[1 + n % 5], date '1990-01-01', n % 10 = 0,
                       now() - interval '1 day', gen_random_uuid()
                from generate_series(1, 10000) n""");
        Infrastructure.execute("analyze tourist");
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"first page", "after a cursor", "by nationality", "by nationality after a cursor",
            "updated since", "changes"})
    void aPageIsAnIndexScanInKeyOrder(String shape) throws SQLException {
        var nationality = new TouristPages.Filter(Optional.of("FR"), Optional.empty());
        var since = new TouristPages.Filter(Optional.empty(), Optional.of(Instant.now().minusSeconds(7200)));
        var sql = switch (shape) {
            case "first page" -> TouristPages.listing(false, TouristPages.Filter.NONE);
            case "after a cursor" -> TouristPages.listing(true, TouristPages.Filter.NONE);
            case "by nationality" -> TouristPages.listing(false, nationality);
            case "by nationality after a cursor" -> TouristPages.listing(true, nationality);
            case "updated since" -> TouristPages.listing(true, since);
            default -> TouristPages.CHANGES;
        };
        var plan = explain(sql, parameters(shape));

        assertThat(plan).as(plan).contains("Index").doesNotContain("Seq Scan on tourist ").doesNotContain("Sort");
    }

    private static List<Object> parameters(String shape) {
        var middle = "80000000-0000-4000-8000-000000000000";
        return switch (shape) {
            case "first page" -> List.of(100);
            case "after a cursor" -> List.of(middle, 100);
            case "by nationality" -> List.of("FR", 100);
            case "by nationality after a cursor" -> List.of(middle, "FR", 100);
            case "updated since" -> List.of(middle, java.sql.Timestamp.from(Instant.now().minusSeconds(7200)), 100);
            default -> List.of("0", "00000000-0000-0000-0000-000000000000", "0", "00000000-0000-0000-0000-000000000000",
                    100);
        };
    }

    /** The plan PostgreSQL picks for the statement with these values (a generic plan would hide nothing here). */
    private static String explain(String sql, List<Object> values) throws SQLException {
        try (var connection = Infrastructure.dataSource().getConnection();
             var statement = connection.prepareStatement("explain " + sql)) {
            for (int i = 0; i < values.size(); i++) {
                var value = values.get(i);
                if (value instanceof String text && text.contains("-")) {
                    statement.setObject(i + 1, java.util.UUID.fromString(text));
                } else {
                    statement.setObject(i + 1, value);
                }
            }
            var lines = new ArrayList<String>();
            try (var rows = statement.executeQuery()) {
                while (rows.next()) {
                    lines.add(rows.getString(1));
                }
            }
            return String.join("\n", lines);
        }
    }
}
