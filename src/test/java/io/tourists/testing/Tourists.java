package io.tourists.testing;

import io.tourists.domain.Tourist;
import io.tourists.domain.TouristWrite;
import java.time.Instant;
import java.time.LocalDate;
import java.util.Optional;
import java.util.UUID;

/** Sample tourists and writes for tests. */
public final class Tourists {

    private Tourists() {
    }

    public static Tourist ada() {
        return new Tourist("Ada", "Lovelace", "ada@example.com", "GB", LocalDate.of(1990, 12, 10), Optional.of("P1234567"));
    }

    public static Tourist named(String firstName) {
        return new Tourist(firstName, "Traveller", firstName.toLowerCase() + "@example.com", "FR",
                LocalDate.of(1985, 4, 17), Optional.empty());
    }

    public static String adaJson() {
        return """
                {"firstName":"Ada","lastName":"Lovelace","email":"ada@example.com","nationality":"GB",\
                "dateOfBirth":"1990-12-10","passportNumber":"P1234567"}""";
    }

    public static TouristWrite.Upsert upsert(UUID touristId, Instant occurredAt, Tourist tourist) {
        return new TouristWrite.Upsert(UUID.randomUUID(), touristId, occurredAt, tourist);
    }
}
