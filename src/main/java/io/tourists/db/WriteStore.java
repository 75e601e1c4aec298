package io.tourists.db;

import io.tourists.domain.TouristWrite;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Where the consumer applies writes and records the ones it refused: PostgreSQL ({@link TouristStore}), or an
 * in-memory double in tests.
 */
public interface WriteStore {

    /**
     * Applies the writes, each at most once, and records the rejections, in one round trip; writes with a
     * writeId repeated in the list count once. Atomic: all of it happens, or none.
     *
     * @return the outcome of each distinct writeId
     * @throws StoreException.Unavailable the database could not do it now: nothing was done, retry later
     * @throws StoreException.Rejected    the database refused the data of at least one write: nothing was done
     */
    Map<UUID, WriteOutcome> apply(List<TouristWrite> writes, List<WriteRejection> rejections);

    /** Records rejections alone: after a batch the database refused, whose writes were then applied one by one. */
    void record(List<WriteRejection> rejections);
}
