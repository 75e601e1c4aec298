package io.tourists.domain;

import java.time.Instant;
import java.util.Comparator;
import java.util.UUID;

/**
 * The order of writes to one tourist: the later {@code occurredAt} wins, and the writeId breaks ties.
 * UUIDs compare as unsigned bytes here, the way PostgreSQL orders its {@code uuid} type, so Java and the
 * database always agree on which write is newer.
 */
public record WriteVersion(Instant occurredAt, UUID writeId) implements Comparable<WriteVersion> {

    private static final Comparator<WriteVersion> ORDER = Comparator
            .comparing(WriteVersion::occurredAt)
            .thenComparing(WriteVersion::writeId, WriteVersion::compareUnsigned);

    @Override
    public int compareTo(WriteVersion other) {
        return ORDER.compare(this, other);
    }

    private static int compareUnsigned(UUID a, UUID b) {
        int high = Long.compareUnsigned(a.getMostSignificantBits(), b.getMostSignificantBits());
        return high != 0 ? high : Long.compareUnsigned(a.getLeastSignificantBits(), b.getLeastSignificantBits());
    }
}
