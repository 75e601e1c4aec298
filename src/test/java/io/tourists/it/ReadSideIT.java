package io.tourists.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.tourists.db.TouristStore;
import io.tourists.domain.TouristWrite;
import io.tourists.domain.WriteRetention;
import io.tourists.read.ReadFunction;
import io.tourists.read.ReadRequests;
import io.tourists.testing.HttpApiRequests;
import io.tourists.testing.Infrastructure;
import io.tourists.testing.OpenApiContract;
import io.tourists.testing.Pipeline;
import io.tourists.testing.Rows;
import io.tourists.testing.Tourists;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * GET /tourists and GET /tourists/changes through the read function and PostgreSQL, while the consumer's own
 * statement ({@link TouristStore#apply}) writes at the same time.
 */
class ReadSideIT {

    private final ReadFunction read = new ReadFunction(ReadRequests.of(Infrastructure.dataSource(),
            WriteRetention.ofDays(WriteRetention.DEFAULT_DAYS), Clock.systemUTC()));
    private final TouristStore store = new TouristStore(Infrastructure.dataSource());

    @BeforeEach
    void emptyTables() {
        Infrastructure.resetDatabase();
    }

    @Test
    void pagingThroughTenThousandTouristsWhileAThousandWritesLandReturnsEachSurvivorExactlyOnce() throws Exception {
        var seeded = seed(10_000);
        var deleted = ConcurrentHashMap.<UUID>newKeySet();
        var created = ConcurrentHashMap.<UUID>newKeySet();
        try (var writer = Executors.newSingleThreadExecutor()) {
            Future<?> writes = writer.submit(() -> writeMix(seeded, 1_000, deleted, created, new Random(1)));
            var seen = new ArrayList<UUID>();
            String cursor = null;
            do {
                var page = get("/tourists?limit=250" + (cursor == null ? "" : "&cursor=" + cursor));
                page.path("tourists").forEach(tourist -> seen.add(UUID.fromString(tourist.path("touristId").textValue())));
                cursor = page.path("next").textValue();
            } while (cursor != null);
            writes.get();

            assertThat(seen).as("no tourist twice").doesNotHaveDuplicates();
            var survivors = new HashSet<>(seeded);
            survivors.removeAll(deleted);
            assertThat(seen).as("every survivor").containsAll(survivors);
            var everLive = new HashSet<>(seeded);
            everLive.addAll(created);
            assertThat(everLive).as("nothing that never lived").containsAll(seen);
            assertThat(deleted).as("the writes deleted some").isNotEmpty();
        }
    }

    @Test
    void theFeedReplayedIntoAnEmptyCopyEqualsTheTable_whileTwoWritersCommitConcurrently() throws Exception {
        var seeded = seed(2_000);
        var copy = new HashMap<UUID, String>();
        try (var writers = Executors.newFixedThreadPool(2)) {
            var first = writers.submit(() -> writeMix(seeded, 600, ConcurrentHashMap.newKeySet(),
                    ConcurrentHashMap.newKeySet(), new Random(2)));
            var second = writers.submit(() -> writeMix(seeded, 600, ConcurrentHashMap.newKeySet(),
                    ConcurrentHashMap.newKeySet(), new Random(3)));
            String after = null;
            while (!first.isDone() || !second.isDone()) {
                after = replay(after, copy);
            }
            first.get();
            second.get();
            for (int quiet = 0; quiet < 2; ) {
                var before = copy.size();
                after = replay(after, copy);
                quiet = copy.size() == before ? quiet + 1 : 0;
            }
            after = replayUntilCaughtUp(after, copy);
        }

        assertThat(copy).isEqualTo(table());
    }

    @Test
    void aWriteThatCommitsLateIsNotSkipped_theFeedWaitsForItsTransaction() throws SQLException {
        var ids = seed(2);
        var start = replayUntilCaughtUp(null, new HashMap<>());
        try (var late = Infrastructure.dataSource().getConnection()) {
            late.setAutoCommit(false);
            try (var statement = late.createStatement()) {
                statement.execute("update tourist set first_name = 'Late' where tourist_id = '" + ids.get(0) + "'");
            }
            Infrastructure.execute("update tourist set first_name = 'Early' where tourist_id = '" + ids.get(1) + "'");

            var whileOpen = get("/tourists/changes?after=" + start);
            assertThat(whileOpen.path("changes")).as("the early commit waits behind the open transaction").isEmpty();

            late.commit();
        }
        var copy = new HashMap<UUID, String>();
        replayUntilCaughtUp(start, copy);
        assertThat(copy).containsOnlyKeys(ids.get(0), ids.get(1));
        assertThat(copy.get(ids.get(0))).startsWith("Late");
    }

    @Test
    void aCursorPastAPrunedTombstoneIs410_andTheListingsChangesCursorStartsAfresh() {
        var ids = seed(3);
        var cursor = replayUntilCaughtUp(null, new HashMap<>());
        store.apply(List.of(new TouristWrite.Delete(UUID.randomUUID(), ids.get(0),
                Instant.now().truncatedTo(ChronoUnit.MICROS))), List.of());
        Infrastructure.execute("delete from tourist where deleted");

        var gone = call("/tourists/changes?after=" + cursor);
        assertThat(gone.getStatusCode()).isEqualTo(410);
        assertThat(Pipeline.body(gone).path("type").textValue()).isEqualTo("urn:tourists:problem:cursor-expired");

        var listing = get("/tourists");
        assertThat(listing.path("tourists")).hasSize(2);
        assertThat(call("/tourists/changes?after=" + listing.path("changesCursor").textValue()).getStatusCode())
                .isEqualTo(200);
    }

    @Test
    void theListingFiltersByNationalityAndTime_andLinksTheNextPage() {
        seed(30);
        var french = get("/tourists?nationality=FR&limit=2");
        assertThat(french.path("tourists")).hasSize(2)
                .allSatisfy(tourist -> assertThat(tourist.path("nationality").textValue()).isEqualTo("FR"));
        var response = call("/tourists?nationality=FR&limit=2");
        assertThat(response.getHeaders().get("link")).startsWith("</tourists?cursor=").endsWith("&nationality=FR>; rel=\"next\"");
        assertThat(get("/tourists?updatedSince=" + Instant.now().plusSeconds(3600)).path("tourists")).isEmpty();
    }

    @Test
    void badQueriesAre400() {
        var feedCursor = get("/tourists").path("changesCursor").textValue();
        for (var target : List.of("/tourists?cursor=nope", "/tourists?limit=0", "/tourists?limit=501",
                "/tourists?nationality=fr", "/tourists?updatedSince=yesterday", "/tourists?cursor=" + feedCursor,
                "/tourists/changes?after=%21", "/tourists/changes?limit=x")) {
            assertThat(call(target).getStatusCode()).as(target).isEqualTo(400);
        }
    }

    /** Reads the feed from {@code after} until it says there is no more now; returns the cursor to go on from. */
    private String replayUntilCaughtUp(String after, Map<UUID, String> copy) {
        while (true) {
            var page = get("/tourists/changes?limit=200" + (after == null ? "" : "&after=" + after));
            apply(page, copy);
            after = page.path("next").textValue();
            if (!page.path("more").booleanValue()) {
                return after;
            }
        }
    }

    private String replay(String after, Map<UUID, String> copy) {
        var page = get("/tourists/changes?limit=200" + (after == null ? "" : "&after=" + after));
        apply(page, copy);
        return page.path("next").textValue();
    }

    private static void apply(JsonNode page, Map<UUID, String> copy) {
        page.path("changes").forEach(change -> {
            var id = UUID.fromString(change.path("touristId").textValue());
            if (change.path("deleted").booleanValue()) {
                copy.remove(id);
            } else {
                copy.put(id, change.path("tourist").path("firstName").textValue() + "/"
                        + change.path("version").path("writeId").textValue());
            }
        });
    }

    private static Map<UUID, String> table() {
        var table = new HashMap<UUID, String>();
        try (var connection = Infrastructure.dataSource().getConnection();
             var statement = connection.createStatement();
             var rows = statement.executeQuery(
                     "select tourist_id, first_name, version_write_id from tourist where not deleted")) {
            while (rows.next()) {
                table.put(rows.getObject(1, UUID.class), rows.getString(2) + "/" + rows.getString(3));
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
        return table;
    }

    /** Creates, replaces and deletes through the consumer's statement, in batches of 25. */
    private void writeMix(List<UUID> existing, int count, Set<UUID> deleted, Set<UUID> created, Random random) {
        var batch = new ArrayList<TouristWrite>();
        for (int i = 0; i < count; i++) {
            var now = Instant.now().truncatedTo(ChronoUnit.MICROS);
            var target = existing.get(random.nextInt(existing.size()));
            batch.add(switch (i % 4) {
                case 0 -> {
                    deleted.add(target);
                    yield new TouristWrite.Delete(UUID.randomUUID(), target, now);
                }
                case 1 -> {
                    var id = UUID.randomUUID();
                    created.add(id);
                    yield Tourists.upsert(id, now, Tourists.named("New"));
                }
                default -> Tourists.upsert(target, now, Tourists.named("Changed" + (char) ('a' + i % 26)));
            });
            if (batch.size() == 25) {
                store.apply(List.copyOf(batch), List.of());
                batch.clear();
            }
        }
        if (!batch.isEmpty()) {
            store.apply(batch, List.of());
        }
    }

    private static List<UUID> seed(int count) {
        Infrastructure.execute("""
                insert into tourist (tourist_id, first_name, last_name, email, nationality, date_of_birth, deleted,
                                     version_at, version_write_id)
                select gen_random_uuid(), 'Seed', 'Traveller', 'seed@example.com',
                       (array['GB', 'FR', 'DE'])[1 + n %% 3], date '1990-01-01', false,
                       now() - interval '1 day', gen_random_uuid()
                from generate_series(1, %d) n""".formatted(count));
        var ids = new ArrayList<UUID>();
        try (var connection = Infrastructure.dataSource().getConnection();
             var statement = connection.createStatement();
             var rows = statement.executeQuery("select tourist_id from tourist order by tourist_id")) {
            while (rows.next()) {
                ids.add(rows.getObject(1, UUID.class));
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
        assertThat(Rows.count("select count(*) from tourist")).isEqualTo(count);
        return ids;
    }

    private JsonNode get(String target) {
        var response = call(target);
        assertThat(response.getStatusCode()).as(target + ": " + response.getBody()).isEqualTo(200);
        return Pipeline.body(response);
    }

    private APIGatewayV2HTTPResponse call(String target) {
        var request = HttpApiRequests.request("GET", target, Map.of(), null);
        return OpenApiContract.check("GET", request.getRawPath(), read.handleRequest(request, Pipeline.context()));
    }
}
