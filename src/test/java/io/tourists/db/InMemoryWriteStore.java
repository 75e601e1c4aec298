package io.tourists.db;

import io.tourists.domain.TouristWrite;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/**
 * A {@link WriteStore} in memory, for unit tests of the consumer: each writeId is claimed once, the newest
 * claimed write per tourist is kept, and it replaces the stored one only if its version is greater; the
 * rejections are recorded, the latest per writeId; all or nothing per call, as {@link TouristStore}'s one
 * statement does. It can be told to refuse a write's data (as a constraint would) or to be down. It ignores
 * preconditions (If-Match): ConditionalWritesIT holds those against PostgreSQL.
 */
public final class InMemoryWriteStore implements WriteStore {

    private final Set<UUID> claimed = new HashSet<>();
    private final Map<UUID, TouristWrite> current = new HashMap<>();
    private final Map<UUID, WriteRejection> rejections = new HashMap<>();
    private final Set<UUID> refused = new HashSet<>();
    private final List<List<TouristWrite>> calls = new ArrayList<>();
    private boolean down;

    @Override
    public Map<UUID, WriteOutcome> apply(List<TouristWrite> writes, List<WriteRejection> rejected) {
        calls.add(List.copyOf(writes));
        if (down) {
            throw new StoreException.Unavailable("the test database is down", null);
        }
        if (writes.stream().anyMatch(write -> refused.contains(write.writeId()))) {
            throw new StoreException.Rejected("the test database refuses this data (SQLSTATE 23514)", "23514", null);
        }
        var distinct = new LinkedHashMap<UUID, TouristWrite>();
        writes.forEach(write -> distinct.putIfAbsent(write.writeId(), write));
        var outcomes = new HashMap<UUID, WriteOutcome>();
        var newest = new HashMap<UUID, TouristWrite>();
        for (var write : distinct.values()) {
            if (!claimed.add(write.writeId())) {
                outcomes.put(write.writeId(), WriteOutcome.DUPLICATE);
                continue;
            }
            outcomes.put(write.writeId(), WriteOutcome.STALE);
            newest.merge(write.touristId(), write, (a, b) -> a.version().compareTo(b.version()) >= 0 ? a : b);
        }
        for (var write : newest.values()) {
            var stored = current.get(write.touristId());
            if (stored == null || stored.version().compareTo(write.version()) < 0) {
                current.put(write.touristId(), write);
                outcomes.put(write.writeId(), WriteOutcome.APPLIED);
            }
        }
        rejected.forEach(rejection -> rejections.put(rejection.writeId(), rejection));
        return outcomes;
    }

    @Override
    public void record(List<WriteRejection> rejected) {
        calls.add(List.of());
        if (down) {
            throw new StoreException.Unavailable("the test database is down", null);
        }
        rejected.forEach(rejection -> rejections.put(rejection.writeId(), rejection));
    }

    /** The recorded rejections by writeId. */
    public Map<UUID, WriteRejection> rejections() {
        return Map.copyOf(rejections);
    }

    /** From now on, a call holding this write fails as PostgreSQL fails on a constraint: nothing is applied. */
    public void refuse(UUID writeId) {
        refused.add(writeId);
    }

    /** From now on every call fails as an unreachable database does. */
    public void goDown() {
        down = true;
    }

    /** The database answers again. */
    public void comeBack() {
        down = false;
    }

    /** The write that is each tourist's current version (an upsert, or a delete: the tombstone). */
    public Map<UUID, TouristWrite> current() {
        return Map.copyOf(current);
    }

    /** Every call, with the writes it was given (none for {@link #record}): one per round trip PostgreSQL would see. */
    public List<List<TouristWrite>> calls() {
        return List.copyOf(calls);
    }
}
