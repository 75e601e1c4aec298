package io.tourists.api;

/**
 * How many writes one request carried, by what became of them, for the write API's metrics. A single write's
 * request needs none: its status says it. A batch counts each of its writes here, so that a 207 still counts
 * the writes the queue did not confirm, and the alarm on them sees a batch that half failed.
 */
final class WriteTally {

    private int accepted;
    private int rejected;
    private int unconfirmed;
    private boolean counted;

    /** A batch's writes: accepted by the queue, refused by the rules, not confirmed by the queue. */
    void count(int accepted, int rejected, int unconfirmed) {
        this.accepted += accepted;
        this.rejected += rejected;
        this.unconfirmed += unconfirmed;
        this.counted = true;
    }

    boolean counted() {
        return counted;
    }

    int accepted() {
        return accepted;
    }

    int rejected() {
        return rejected;
    }

    int unconfirmed() {
        return unconfirmed;
    }
}
