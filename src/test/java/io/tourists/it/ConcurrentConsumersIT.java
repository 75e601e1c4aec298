package io.tourists.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.tourists.db.StoreException;
import io.tourists.db.TouristStore;
import io.tourists.domain.TouristWrite;
import io.tourists.testing.Infrastructure;
import io.tourists.testing.Rows;
import io.tourists.testing.Tourists;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * Several consumers apply overlapping batches at once, as when a visibility timeout expires while a slow
 * invocation still runs: each writeId is applied once, and every tourist ends at its newest write.
 */
class ConcurrentConsumersIT {

    private static final int TOURISTS = 50;
    private static final int WRITES_PER_TOURIST = 8;
    private static final int CONSUMERS = 4;

    @Test
    void overlappingBatchesFromConcurrentConsumersApplyEachWriteOnceAndKeepTheNewest() throws Exception {
        Infrastructure.resetDatabase();
        var store = new TouristStore(Infrastructure.dataSource());
        var writes = writes();
        var expectedWinner = new java.util.HashMap<UUID, UUID>();
        for (var write : writes) {
            expectedWinner.merge(write.touristId(), write.writeId(), (current, candidate) ->
                    byId(writes, candidate).version().compareTo(byId(writes, current).version()) > 0 ? candidate : current);
        }

        var executor = Executors.newFixedThreadPool(CONSUMERS);
        var tasks = new ArrayList<Callable<Integer>>();
        for (int consumer = 0; consumer < CONSUMERS; consumer++) {
            var shuffled = new ArrayList<>(writes);
            Collections.shuffle(shuffled, new Random(consumer));
            tasks.add(() -> applyInBatches(store, shuffled));
        }
        var futures = executor.invokeAll(tasks, 120, TimeUnit.SECONDS);
        executor.shutdown();
        for (var future : futures) {
            future.get();
        }

        assertThat(Rows.count("select count(*) from applied_write")).isEqualTo(writes.size());
        assertThat(Rows.count("select count(*) from tourist")).isEqualTo(TOURISTS);
        expectedWinner.forEach((touristId, writeId) ->
                assertThat(Rows.tourist(touristId).versionWriteId()).as("tourist %s", touristId).isEqualTo(writeId));
    }

    /** Applies batches of 25, retrying a batch the database turned away for now (a deadlock, say). */
    private static int applyInBatches(TouristStore store, List<TouristWrite> writes) {
        int retries = 0;
        for (int start = 0; start < writes.size(); start += 25) {
            var batch = writes.subList(start, Math.min(start + 25, writes.size()));
            while (true) {
                try {
                    store.apply(batch, List.of());
                    break;
                } catch (StoreException.Unavailable e) {
                    if (++retries > 50) {
                        throw e;
                    }
                }
            }
        }
        return retries;
    }

    private static List<TouristWrite> writes() {
        var base = Instant.now().truncatedTo(ChronoUnit.MICROS);
        var random = new Random(42);
        var writes = new ArrayList<TouristWrite>();
        for (int t = 0; t < TOURISTS; t++) {
            var touristId = UUID.randomUUID();
            for (int w = 0; w < WRITES_PER_TOURIST; w++) {
                var at = base.minusMillis(random.nextInt(5));
                writes.add(w % 4 == 3
                        ? new TouristWrite.Delete(UUID.randomUUID(), touristId, at)
                        : Tourists.upsert(touristId, at, Tourists.named("V" + (char) ('a' + w))));
            }
        }
        return writes;
    }

    private static TouristWrite byId(List<TouristWrite> writes, UUID writeId) {
        return writes.stream().filter(w -> w.writeId().equals(writeId)).findFirst().orElseThrow();
    }
}
