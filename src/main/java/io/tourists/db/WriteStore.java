package io.tourists.db;

import io.tourists.domain.TouristWrite;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Where the consumer applies writes: PostgreSQL ({@link TouristStore}), or an in-memory double in tests.
 */
public interface WriteStore {

    /**
     * Applies the writes, each at most once, in one round trip; writes with a writeId repeated in the list
     * count once. Atomic: all of it happens, or none.
     *
     * @return the outcome of each distinct writeId
     * @throws StoreException.Unavailable the database could not do it now: nothing was applied, retry later
     * @throws StoreException.Rejected    the database refused the data of at least one write: nothing was applied
     */
    Map<UUID, WriteOutcome> apply(List<TouristWrite> writes);
}
