package io.tourists.db;

import java.util.UUID;

/**
 * A place in the changes feed: every row at or before ({@code xid}, {@code touristId}) has been read, where
 * {@code xid} is the transaction that last changed a tourist row ({@code tourist.change_xid}).
 */
public record FeedPosition(long xid, UUID touristId) implements Comparable<FeedPosition> {

    /** Before every row. */
    public static final FeedPosition START = new FeedPosition(0, new UUID(0, 0));
    /** The greatest UUID as PostgreSQL orders them (unsigned): "every row of this transaction". */
    static final UUID LAST_ID = new UUID(-1, -1);

    public FeedPosition {
        if (xid < 0) {
            throw new IllegalArgumentException("a transaction id is not negative");
        }
    }

    /** Every row of every transaction before {@code horizon}: none of them can still commit. */
    static FeedPosition below(long horizon) {
        return new FeedPosition(Math.max(0, horizon - 1), LAST_ID);
    }

    @Override
    public int compareTo(FeedPosition other) {
        int byXid = Long.compare(xid, other.xid);
        if (byXid != 0) {
            return byXid;
        }
        int high = Long.compareUnsigned(touristId.getMostSignificantBits(), other.touristId.getMostSignificantBits());
        return high != 0 ? high
                : Long.compareUnsigned(touristId.getLeastSignificantBits(), other.touristId.getLeastSignificantBits());
    }
}
