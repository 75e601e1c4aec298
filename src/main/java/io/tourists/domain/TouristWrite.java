package io.tourists.domain;

import java.time.Instant;
import java.util.UUID;

/** A change to one tourist, stamped with its identity and the moment it was made. */
public sealed interface TouristWrite {

    UUID writeId();

    UUID touristId();

    Instant occurredAt();

    /** What the tourist's current state must be for the write to apply; {@link Precondition#NONE} mostly. */
    Precondition precondition();

    default WriteVersion version() {
        return new WriteVersion(occurredAt(), writeId());
    }

    /** Create the tourist or replace it whole. Its {@code tourist} prints redacted ({@link PersonalData}). */
    record Upsert(UUID writeId, UUID touristId, Instant occurredAt, Tourist tourist, Precondition precondition)
            implements TouristWrite {

        /** An unconditional upsert. */
        public Upsert(UUID writeId, UUID touristId, Instant occurredAt, Tourist tourist) {
            this(writeId, touristId, occurredAt, tourist, Precondition.NONE);
        }
    }

    /** Delete the tourist; stored as a tombstone so that an older, late upsert cannot bring it back. */
    record Delete(UUID writeId, UUID touristId, Instant occurredAt, Precondition precondition)
            implements TouristWrite {

        /** An unconditional delete. */
        public Delete(UUID writeId, UUID touristId, Instant occurredAt) {
            this(writeId, touristId, occurredAt, Precondition.NONE);
        }
    }
}
