package io.tourists.db;

/** What the database did with one write. */
public enum WriteOutcome {
    /** The write is now the tourist's latest version. */
    APPLIED,
    /** A newer write to the same tourist was already stored (or came in the same batch): nothing changed. */
    STALE,
    /** This writeId was applied before (a redelivery, a retried request, a redrive): nothing changed. */
    DUPLICATE,
    /**
     * A conditional write whose condition failed (the tourist was gone, or at another version): nothing changed,
     * and the write is recorded as rejected ({@code version-conflict}). An answer, not a fault: not parked.
     */
    CONFLICT
}
