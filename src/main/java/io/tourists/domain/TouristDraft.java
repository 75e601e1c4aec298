package io.tourists.domain;

/**
 * A tourist exactly as a sender wrote it: strings, possibly missing (null), nothing checked yet.
 * The API's request body and the queue envelope's {@code tourist} object both arrive as one.
 */
public record TouristDraft(
        String firstName,
        String lastName,
        String email,
        String nationality,
        String dateOfBirth,
        String passportNumber) implements PersonalData {

    @Override
    public String toString() {
        return PersonalData.redacted("TouristDraft", "");
    }
}
