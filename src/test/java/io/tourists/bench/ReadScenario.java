package io.tourists.bench;

import static io.tourists.bench.Report.fmt;

import com.fasterxml.jackson.databind.JsonNode;
import com.zaxxer.hikari.HikariDataSource;
import io.tourists.db.Databases;
import io.tourists.db.DbSettings;
import io.tourists.db.ReadStatements;
import io.tourists.domain.WriteRetention;
import io.tourists.json.Json;
import io.tourists.read.ReadFunction;
import io.tourists.read.ReadRequests;
import io.tourists.testing.HttpApiRequests;
import io.tourists.testing.Infrastructure;
import io.tourists.testing.Pipeline;
import java.sql.SQLException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import javax.sql.DataSource;

/**
 * GET /tourists and GET /tourists/changes at 10,000 and at 1,000,000 tourists: a page of 100 from the start,
 * the middle and the end of the listing, and a page of the feed from its start and its middle. Each page is
 * timed twice: as database time (EXPLAIN ANALYZE's execution time of the statement the read function sends,
 * with the same values) and as the read function's time (handleRequest in this JVM: pool, query, JSON). The two
 * tables live side by side (the 10,000 in a schema of their own, same indexes), and rounds alternate between
 * them, so the ratio 1,000,000 : 10,000 compares runs made moments apart on the same loaded machine.
 */
final class ReadScenario implements Scenario {

    private static final int LARGE = 1_000_000;
    private static final int SMALL = 10_000;
    private static final String SMALL_SCHEMA = "read_small";
    private static final int PAGE = 100;
    private static final int ROUNDS = 25;
    /** Rows per loading transaction: the feed then has many transactions to page through, as in production. */
    private static final int ROWS_PER_TRANSACTION = 10_000;
    private static final double TARGET_MS = 20;
    private static final double TARGET_RATIO = 2;

    @Override
    public String name() {
        return "read";
    }

    @Override
    public String title() {
        return "8. Read side: pages of the listing and of the changes feed at 10,000 and 1,000,000 tourists";
    }

    /** One kind of page, with the request that reads it at each size. */
    private record Shape(String name, Map<Integer, String> targets) {}

    @Override
    public void run(BenchOptions options, Report.Section section) throws Exception {
        Infrastructure.resetDatabase();
        Infrastructure.execute("drop schema if exists " + SMALL_SCHEMA + " cascade");
        Infrastructure.execute("create schema " + SMALL_SCHEMA);
        Infrastructure.execute("create table " + SMALL_SCHEMA + ".tourist (like public.tourist including all)");
        Infrastructure.execute("create table " + SMALL_SCHEMA + ".tourist_feed_pruned (like public.tourist_feed_pruned"
                + " including all)");
        var database = Infrastructure.database();
        try (var small = Databases.pool(new DbSettings(database.jdbcUrl() + "?currentSchema=" + SMALL_SCHEMA,
                database.user(), database.password(), 1, DbSettings.DEFAULT_CONNECTION_TIMEOUT), "bench-read-small");
             var large = Databases.pool(Infrastructure.settings(database, 1), "bench-read-large")) {
            System.out.println("read: loading " + SMALL + " and " + LARGE + " tourists ...");
            long loadStarted = System.nanoTime();
            load(SMALL_SCHEMA, SMALL);
            load("public", LARGE);
            double loadSeconds = (System.nanoTime() - loadStarted) / 1e9;
            var pools = Map.<Integer, HikariDataSource>of(SMALL, small, LARGE, large);
            var functions = new LinkedHashMap<Integer, ReadFunction>();
            pools.forEach((size, pool) -> functions.put(size, new ReadFunction(ReadRequests.of(pool,
                    WriteRetention.ofDays(WriteRetention.DEFAULT_DAYS), Clock.systemUTC()))));
            var shapes = shapes(functions);
            var dbTimes = new LinkedHashMap<String, List<Double>>();
            var functionTimes = new LinkedHashMap<String, List<Double>>();
            var loadBefore = loadAverage();
            System.out.println("read: " + ROUNDS + " rounds ...");
            for (int round = 0; round < ROUNDS; round++) {
                for (var shape : shapes) {
                    var sizes = round % 2 == 0 ? List.of(SMALL, LARGE) : List.of(LARGE, SMALL);
                    for (var size : sizes) {
                        var target = shape.targets().get(size);
                        var key = shape.name() + "@" + size;
                        dbTimes.computeIfAbsent(key, k -> new ArrayList<>()).add(databaseMs(pools.get(size), target));
                        functionTimes.computeIfAbsent(key, k -> new ArrayList<>())
                                .add(functionMs(functions.get(size), target));
                    }
                }
            }
            var table = Table.of("8. A page of " + PAGE + ": median (p90) over " + ROUNDS + " rounds, ms",
                    "page", "db 10k", "db 1M", "db 1M:10k", "function 10k", "function 1M", "function 1M:10k");
            for (var shape : shapes) {
                var dbSmall = dbTimes.get(shape.name() + "@" + SMALL);
                var dbLarge = dbTimes.get(shape.name() + "@" + LARGE);
                var fnSmall = functionTimes.get(shape.name() + "@" + SMALL);
                var fnLarge = functionTimes.get(shape.name() + "@" + LARGE);
                double dbRatio = median(dbLarge) / median(dbSmall);
                double fnRatio = median(fnLarge) / median(fnSmall);
                table = table.with(shape.name(), cell(dbSmall), cell(dbLarge), fmt(dbRatio) + "x", cell(fnSmall),
                        cell(fnLarge), fmt(fnRatio) + "x");
                section.target(shape.name() + ": database time at 1,000,000", "<= " + fmt(TARGET_MS) + " ms",
                        fmt(median(dbLarge)) + " ms (p90 " + fmt(percentile(dbLarge, 0.9)) + ")",
                        percentile(dbLarge, 0.9) <= TARGET_MS);
                section.target(shape.name() + ": database time 1,000,000 vs 10,000", "<= " + fmt(TARGET_RATIO) + "x",
                        fmt(dbRatio) + "x", dbRatio <= TARGET_RATIO);
            }
            System.out.println(table.text());
            section.add(table);
            section.note("Loaded " + SMALL + " + " + LARGE + " tourists (INSERT ... SELECT generate_series, "
                    + ROWS_PER_TRANSACTION + " rows per transaction, so the feed spans " + (LARGE / ROWS_PER_TRANSACTION)
                    + " transactions) in " + fmt(loadSeconds) + " s; one tourist in ten is a tombstone. Database time is"
                    + " EXPLAIN ANALYZE's execution time of the statement the read function sends; function time is"
                    + " ReadFunction.handleRequest in this JVM (a pool of one, the query, the JSON of " + PAGE
                    + " tourists), without Lambda or API Gateway. The 10,000 sit in a schema of their own with the"
                    + " same indexes; rounds alternate between the sizes. \"middle\" and \"end\" start from a cursor"
                    + " at that place: keyset reads, so no page costs more for being deep. The p90 is held to the target."
                    + " Load average (1 min) before the rounds " + loadBefore + ", after " + loadAverage()
                    + " on this shared machine: the function times, and their p90 above all, are noisy; the database"
                    + " times much less so.");
        } finally {
            Infrastructure.execute("drop schema if exists " + SMALL_SCHEMA + " cascade");
            Infrastructure.resetDatabase();
        }
    }

    /** Start, middle and end of the listing, and the feed from its start and middle, at each size. */
    private static List<Shape> shapes(Map<Integer, ReadFunction> functions) throws SQLException {
        var names = List.of("listing, first page", "listing, middle", "listing, last page", "changes, first page",
                "changes, middle");
        var targets = new LinkedHashMap<String, Map<Integer, String>>();
        names.forEach(name -> targets.put(name, new LinkedHashMap<>()));
        for (var entry : functions.entrySet()) {
            int size = entry.getKey();
            var function = entry.getValue();
            targets.get("listing, first page").put(size, "/tourists?limit=" + PAGE);
            targets.get("listing, middle").put(size, "/tourists?limit=" + PAGE + "&cursor="
                    + listingCursorAt(function, size / 2));
            targets.get("listing, last page").put(size, "/tourists?limit=" + PAGE + "&cursor="
                    + listingCursorAt(function, (int) (size * 0.9) - PAGE));
            targets.get("changes, first page").put(size, "/tourists/changes?limit=" + PAGE);
            var after = "";
            for (int skipped = 0; skipped < size / 2; skipped += 500) {
                after = body(function, "/tourists/changes?limit=500" + after).path("next").textValue();
                after = "&after=" + after;
            }
            targets.get("changes, middle").put(size, "/tourists/changes?limit=" + PAGE + after);
        }
        var shapes = new ArrayList<Shape>();
        targets.forEach((name, bySize) -> shapes.add(new Shape(name, bySize)));
        return shapes;
    }

    /** The cursor of the listing page that ends at this live tourist, found by paging with the largest pages. */
    private static String listingCursorAt(ReadFunction function, int live) {
        String cursor = null;
        for (int seen = 0; seen < live; seen += 500) {
            var page = body(function, "/tourists?limit=" + Math.min(500, live - seen)
                    + (cursor == null ? "" : "&cursor=" + cursor));
            cursor = page.path("next").textValue();
        }
        return cursor;
    }

    private static void load(String schema, int count) {
        for (int from = 1; from <= count; from += ROWS_PER_TRANSACTION) {
            Infrastructure.execute("""
                    insert into %s.tourist (tourist_id, first_name, last_name, email, nationality, date_of_birth,
                                            deleted, version_at, version_write_id, updated_at)
                    select gen_random_uuid(), 'Ada', 'Lovelace', 'ada@example.com',
                           (array['GB', 'FR', 'DE', 'IT', 'ES', 'PT', 'NL', 'BE'])[1 + n %% 8], date '1990-01-01',
                           n %% 10 = 0, now() - interval '1 day', gen_random_uuid(), now() - interval '1 day'
                    from generate_series(%d, %d) n""".formatted(schema, from,
                    Math.min(count, from + ROWS_PER_TRANSACTION - 1)));
        }
        Infrastructure.execute("vacuum analyze " + schema + ".tourist");
    }

    /** EXPLAIN ANALYZE's execution time of the statement behind this request, as the read function sends it. */
    private static double databaseMs(DataSource pool, String target) throws SQLException {
        var query = HttpApiRequests.request("GET", target, Map.of(), null).getQueryStringParameters();
        try (var connection = pool.getConnection()) {
            var explained = ReadStatements.explain(connection, target.startsWith("/tourists/changes"), query);
            return Json.readTree(explained).path(0).path("Execution Time").asDouble();
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private static double functionMs(ReadFunction function, String target) {
        var request = HttpApiRequests.request("GET", target, Map.of(), null);
        long started = System.nanoTime();
        var response = function.handleRequest(request, Pipeline.context());
        double ms = (System.nanoTime() - started) / 1e6;
        if (response.getStatusCode() != 200) {
            throw new IllegalStateException(target + " answered " + response.getStatusCode() + ": " + response.getBody());
        }
        return ms;
    }

    private static JsonNode body(ReadFunction function, String target) {
        var response = function.handleRequest(HttpApiRequests.request("GET", target, Map.of(), null),
                Pipeline.context());
        return Pipeline.body(response);
    }

    /** The machine's 1-minute load average, to say how busy it was. */
    private static String loadAverage() {
        try {
            return java.nio.file.Files.readString(java.nio.file.Path.of("/proc/loadavg")).split(" ")[0];
        } catch (java.io.IOException | RuntimeException e) {
            return "unknown";
        }
    }

    private static String cell(List<Double> values) {
        return fmt(median(values)) + " (" + fmt(percentile(values, 0.9)) + ")";
    }

    private static double median(List<Double> values) {
        return percentile(values, 0.5);
    }

    private static double percentile(List<Double> values, double p) {
        var sorted = values.stream().mapToDouble(Double::doubleValue).sorted().toArray();
        return sorted[Math.min(sorted.length - 1, (int) Math.floor(p * sorted.length))];
    }
}
