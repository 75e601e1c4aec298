package io.tourists.read;

import io.tourists.db.StoredTourist;
import io.tourists.domain.PersonalData;
import java.time.Instant;
import java.time.LocalDate;
import java.util.UUID;

/** The body of GET /tourists/{id}. */
public record TouristView(UUID touristId, String firstName, String lastName, String email, String nationality,
                          LocalDate dateOfBirth, String passportNumber, Version version, Instant updatedAt)
        implements PersonalData {

    @Override
    public String toString() {
        return PersonalData.redacted("TouristView", "touristId=" + touristId + ", version=" + version);
    }

    /** The version of the write that produced this state: writes are ordered by it, last writer wins. */
    public record Version(Instant occurredAt, UUID writeId) {}

    static TouristView of(StoredTourist stored) {
        var tourist = stored.tourist();
        return new TouristView(stored.touristId(), tourist.firstName(), tourist.lastName(), tourist.email(),
                tourist.nationality(), tourist.dateOfBirth(), tourist.passportNumber().orElse(null),
                new Version(stored.version().occurredAt(), stored.version().writeId()), stored.updatedAt());
    }
}
