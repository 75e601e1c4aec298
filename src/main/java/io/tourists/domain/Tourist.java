package io.tourists.domain;

import java.time.LocalDate;
import java.util.Optional;

/**
 * A tourist record as it is stored: every field already checked by {@link TouristRules}.
 * Build one through {@link TouristRules#validate}, never from raw input.
 */
public record Tourist(
        String firstName,
        String lastName,
        String email,
        String nationality,
        LocalDate dateOfBirth,
        Optional<String> passportNumber) implements PersonalData {

    @Override
    public String toString() {
        return PersonalData.redacted("Tourist", "");
    }
}
