package io.tourists.db;

import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.Base64;
import java.util.Map;
import java.util.UUID;

/**
 * The statements {@link TouristPages} sends for a GET /tourists or GET /tourists/changes query string, run under
 * EXPLAIN ANALYZE: the benchmark's database time. Reads the cursors' text (io.tourists.read.Cursors) itself.
 */
public final class ReadStatements {

    private ReadStatements() {
    }

    /** EXPLAIN (ANALYZE, FORMAT JSON) of the page's statement; the JSON text. */
    public static String explain(Connection connection, boolean changes, Map<String, String> query)
            throws SQLException {
        int limit = Integer.parseInt(query.getOrDefault("limit", "50"));
        if (changes) {
            var after = query.containsKey("after") ? decode(query.get("after")) : new String[] {"C1", "0",
                    FeedPosition.START.touristId().toString()};
            try (var statement = connection.prepareStatement("explain (analyze, format json) " + TouristPages.CHANGES)) {
                statement.setString(1, after[1]);
                statement.setObject(2, UUID.fromString(after[2]));
                statement.setString(3, after[1]);
                statement.setObject(4, UUID.fromString(after[2]));
                statement.setInt(5, limit);
                return single(statement);
            }
        }
        var cursor = query.containsKey("cursor") ? decode(query.get("cursor")) : null;
        try (var statement = connection.prepareStatement("explain (analyze, format json) "
                + TouristPages.listing(cursor != null, TouristPages.Filter.NONE))) {
            int index = 1;
            if (cursor != null) {
                statement.setObject(index++, UUID.fromString(cursor[1]));
            }
            statement.setInt(index, limit);
            return single(statement);
        }
    }

    private static String[] decode(String cursor) {
        return new String(Base64.getUrlDecoder().decode(cursor), StandardCharsets.US_ASCII).split("\\|");
    }

    private static String single(java.sql.PreparedStatement statement) throws SQLException {
        try (var rows = statement.executeQuery()) {
            rows.next();
            return rows.getString(1);
        }
    }
}
