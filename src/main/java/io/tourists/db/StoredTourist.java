package io.tourists.db;

import io.tourists.domain.Tourist;
import io.tourists.domain.WriteVersion;
import java.time.Instant;
import java.util.UUID;

/** A live tourist as read back, with the version of the write that produced it. */
public record StoredTourist(UUID touristId, Tourist tourist, WriteVersion version, Instant updatedAt) {
}
