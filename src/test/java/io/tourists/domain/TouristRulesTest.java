package io.tourists.domain;

import static io.tourists.domain.ValidationResults.errorsOf;
import static io.tourists.domain.ValidationResults.valueOf;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.FieldSource;
import org.junit.jupiter.params.provider.ValueSource;

class TouristRulesTest {

    /**
     * 2026-03-14T23:30Z. The clock's own zone (UTC+14) is already on 2026-03-15: the rules must judge
     * "today" in UTC, whatever zone the clock carries.
     */
    private static final Clock CLOCK =
            Clock.fixed(Instant.parse("2026-03-14T23:30:00Z"), ZoneId.of("Pacific/Kiritimati"));

    private static final TouristDraft VALID =
            new TouristDraft("Ada", "Lovelace", "ada@example.com", "GB", "1915-12-10", "K1234567");

    static final List<String> NAME_FIELDS = List.of("firstName", "lastName");
    static final List<String> REQUIRED_FIELDS =
            List.of("firstName", "lastName", "email", "nationality", "dateOfBirth");

    private final TouristRules rules = new TouristRules(CLOCK);

    private static TouristDraft with(String field, String value) {
        var d = VALID;
        return switch (field) {
            case "firstName" -> new TouristDraft(value, d.lastName(), d.email(), d.nationality(), d.dateOfBirth(), d.passportNumber());
            case "lastName" -> new TouristDraft(d.firstName(), value, d.email(), d.nationality(), d.dateOfBirth(), d.passportNumber());
            case "email" -> new TouristDraft(d.firstName(), d.lastName(), value, d.nationality(), d.dateOfBirth(), d.passportNumber());
            case "nationality" -> new TouristDraft(d.firstName(), d.lastName(), d.email(), value, d.dateOfBirth(), d.passportNumber());
            case "dateOfBirth" -> new TouristDraft(d.firstName(), d.lastName(), d.email(), d.nationality(), value, d.passportNumber());
            case "passportNumber" -> new TouristDraft(d.firstName(), d.lastName(), d.email(), d.nationality(), d.dateOfBirth(), value);
            default -> throw new IllegalArgumentException("not a tourist field: " + field);
        };
    }

    private List<FieldError> errors(TouristDraft draft) {
        return errorsOf(rules.validate(draft));
    }

    private Tourist accepted(TouristDraft draft) {
        return valueOf(rules.validate(draft));
    }

    @Test
    void acceptsAWellFormedTouristAndKeepsEveryField() {
        assertThat(accepted(VALID)).isEqualTo(new Tourist(
                "Ada", "Lovelace", "ada@example.com", "GB", LocalDate.of(1915, 12, 10), Optional.of("K1234567")));
    }

    @Test
    void trimsSurroundingWhitespaceBeforeCheckingAndDoesNotStoreIt() {
        var padded = new TouristDraft("  Ada ", "\tLovelace\n", " ada@example.com ", " GB ", " 1915-12-10 ", " K1234567 ");

        assertThat(accepted(padded)).isEqualTo(accepted(VALID));
    }

    // --- required fields

    @ParameterizedTest
    @FieldSource("REQUIRED_FIELDS")
    void refusesAMissingRequiredField(String field) {
        assertThat(errors(with(field, null)))
                .extracting(FieldError::field, FieldError::code)
                .containsExactly(tuple(field, "required"));
    }

    @ParameterizedTest
    @FieldSource("REQUIRED_FIELDS")
    void treatsABlankRequiredFieldAsMissing(String field) {
        assertThat(errors(with(field, " \t ")))
                .extracting(FieldError::field, FieldError::code)
                .containsExactly(tuple(field, "required"));
    }

    @Test
    void reportsEveryRefusedFieldAtOnce() {
        var draft = new TouristDraft("", "L0velace", "ada", "gb", "1899-12-31", "k-1");

        assertThat(errors(draft))
                .extracting(FieldError::field, FieldError::code)
                .containsExactly(
                        tuple("firstName", "required"),
                        tuple("lastName", "invalid"),
                        tuple("email", "invalid"),
                        tuple("nationality", "invalid"),
                        tuple("dateOfBirth", "invalid"),
                        tuple("passportNumber", "invalid"));
    }

    // --- names

    @ParameterizedTest
    @ValueSource(strings = {"Zoë", "Zoe\u0308", "José María", "O'Brien", "D’Arcy", "Jean-Luc", "St. John",
            "Nguyễn", "李", "Ἀθηνᾶ", "Владимир", "محمد"})
    void acceptsNamesInAnyScriptWithSpacesApostrophesHyphensAndPeriods(String name) {
        assertThat(accepted(with("firstName", name)).firstName()).isEqualTo(name);
        assertThat(accepted(with("lastName", name)).lastName()).isEqualTo(name);
    }

    @ParameterizedTest
    @ValueSource(strings = {"1Ada", "-Ada", "'Ada", ".Ada", "\u0308Ada", "Ada2", "Ada!", "Ada_Lovelace", "Ada\nLovelace",
            "Ada\u00A0Lovelace", "Ada😀"})
    void refusesANameThatDoesNotStartWithALetterOrHoldsOtherCharacters(String name) {
        assertThat(errors(with("lastName", name)))
                .extracting(FieldError::field, FieldError::code)
                .containsExactly(tuple("lastName", "invalid"));
    }

    @ParameterizedTest
    @FieldSource("NAME_FIELDS")
    void acceptsANameOfExactlyOneHundredCharacters(String field) {
        assertThat(rules.validate(with(field, "a".repeat(100)))).isInstanceOf(Validation.Valid.class);
    }

    @ParameterizedTest
    @FieldSource("NAME_FIELDS")
    void refusesANameOfOneHundredAndOneCharacters(String field) {
        assertThat(errors(with(field, "a".repeat(101))))
                .extracting(FieldError::field, FieldError::code)
                .containsExactly(tuple(field, "too_long"));
    }

    @Test
    void countsNameLengthInCodePointsNotJavaChars() {
        var deseretLetter = "\uD801\uDC00"; // U+10400, one letter, two Java chars

        assertThat(rules.validate(with("firstName", deseretLetter.repeat(100)))).isInstanceOf(Validation.Valid.class);
        assertThat(errors(with("firstName", deseretLetter.repeat(101))))
                .extracting(FieldError::code)
                .containsExactly("too_long");
    }

    @Test
    void measuresNameLengthAfterTrimming() {
        assertThat(rules.validate(with("firstName", "  " + "a".repeat(100) + "  "))).isInstanceOf(Validation.Valid.class);
    }

    // --- email

    @ParameterizedTest
    @ValueSource(strings = {"ada@example.com", "ada.lovelace+tours@mail.example.co.uk", "ünïcode@exämple.org",
            "a@b.c"})
    void acceptsAnAddressWithOneAtSignAndADottedDomain(String email) {
        assertThat(accepted(with("email", email)).email()).isEqualTo(email);
    }

    @ParameterizedTest
    @ValueSource(strings = {"ada", "ada@", "@example.com", "ada@example", "ada@@example.com", "ada@exa@mple.com",
            "a da@example.com", "ada@exa mple.com", "ada@example..com", "ada@.example.com", "ada@example.com."})
    void refusesAnAddressWithoutLocalPartOrDottedDomain(String email) {
        assertThat(errors(with("email", email)))
                .extracting(FieldError::field, FieldError::code)
                .containsExactly(tuple("email", "invalid"));
    }

    /** Characters that pass a naive check, then make SQS or PostgreSQL refuse the write after the 202. */
    @ParameterizedTest
    @ValueSource(strings = {"a\u0000@example.com", "a\u0007b@example.com", "ada@exam\u0000ple.com",
            "a\uFFFF@example.com", "a\uFFFE@example.com", "a\uD800@example.com", "a\u00A0b@example.com",
            "a\u3000b@example.com", "a\u200Bb@example.com", "a\u2028b@example.com", "a\uE000@example.com"})
    void refusesAnAddressWithControlSeparatorOrNonCharacters(String email) {
        assertThat(errors(with("email", email)))
                .extracting(FieldError::field, FieldError::code)
                .containsExactly(tuple("email", "invalid"));
    }

    @Test
    void acceptsAnAddressWithCharactersBeyondTheBasicPlane() {
        assertThat(accepted(with("email", "tr\uD83D\uDE00vel@example.com")).email()).contains("\uD83D\uDE00");
    }

    @Test
    void acceptsALocalPartOfSixtyFourCharactersButNotSixtyFive() {
        assertThat(rules.validate(with("email", "a".repeat(64) + "@example.com"))).isInstanceOf(Validation.Valid.class);
        assertThat(errors(with("email", "a".repeat(65) + "@example.com")))
                .extracting(FieldError::code)
                .containsExactly("invalid");
    }

    @Test
    void acceptsAnAddressOfTwoHundredFiftyFourCharacters() {
        var email = "a".repeat(64) + "@" + "d".repeat(185) + ".com";

        assertThat(email).hasSize(254);
        assertThat(rules.validate(with("email", email))).isInstanceOf(Validation.Valid.class);
    }

    @Test
    void refusesAnAddressOfTwoHundredFiftyFiveCharactersAsTooLong() {
        var email = "a".repeat(64) + "@" + "d".repeat(186) + ".com";

        assertThat(email).hasSize(255);
        assertThat(errors(with("email", email)))
                .extracting(FieldError::field, FieldError::code)
                .containsExactly(tuple("email", "too_long"));
    }

    // --- nationality

    @ParameterizedTest
    @ValueSource(strings = {"FR", "GB", "JP", "DE", "US", "BR", "NZ"})
    void acceptsAnIsoCountryCodeInUpperCase(String code) {
        assertThat(accepted(with("nationality", code)).nationality()).isEqualTo(code);
    }

    @ParameterizedTest
    @ValueSource(strings = {"fr", "Fr", "FRA", "F", "UK", "XX", "ZZ", "EU", "250"})
    void refusesLowerCaseAndUnknownCountryCodes(String code) {
        assertThat(errors(with("nationality", code)))
                .extracting(FieldError::field, FieldError::code)
                .containsExactly(tuple("nationality", "invalid"));
    }

    // --- date of birth

    @Test
    void acceptsTheFirstOfJanuary1900() {
        assertThat(accepted(with("dateOfBirth", "1900-01-01")).dateOfBirth()).isEqualTo(LocalDate.of(1900, 1, 1));
    }

    @Test
    void refusesTheLastDayOf1899() {
        assertThat(errors(with("dateOfBirth", "1899-12-31")))
                .extracting(FieldError::field, FieldError::code)
                .containsExactly(tuple("dateOfBirth", "invalid"));
    }

    @Test
    void acceptsTodayInUtc() {
        assertThat(accepted(with("dateOfBirth", "2026-03-14")).dateOfBirth()).isEqualTo(LocalDate.of(2026, 3, 14));
    }

    @Test
    void refusesTomorrowInUtcEvenWhereTheClocksZoneIsAlreadyThere() {
        assertThat(errors(with("dateOfBirth", "2026-03-15")))
                .extracting(FieldError::field, FieldError::code)
                .containsExactly(tuple("dateOfBirth", "invalid"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"1990-4-17", "17/04/1990", "19900417", "1990-02-30", "1990-13-01", "1990-04-17T00:00",
            "+1990-04-17", "١٩٩٠-٠٤-١٧", "yesterday"})
    void refusesADateThatIsNotAnExistingIsoCalendarDate(String date) {
        assertThat(errors(with("dateOfBirth", date)))
                .extracting(FieldError::field, FieldError::code)
                .containsExactly(tuple("dateOfBirth", "invalid"));
    }

    // --- passport number

    @Test
    void treatsAnAbsentPassportNumberAsNone() {
        assertThat(accepted(with("passportNumber", null)).passportNumber()).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {"12345", "K1234567", "AB12CD34EF56GH78IJ90"})
    void acceptsFiveToTwentyUpperCaseLettersAndDigits(String passport) {
        assertThat(accepted(with("passportNumber", passport)).passportNumber()).contains(passport);
    }

    @ParameterizedTest
    @ValueSource(strings = {"1234", "AB12CD34EF56GH78IJ901", "k1234567", "K123-4567", "K 1234567", "", "   "})
    void refusesAPassportNumberThatIsPresentButNotFiveToTwentyUpperCaseLettersAndDigits(String passport) {
        assertThat(errors(with("passportNumber", passport)))
                .extracting(FieldError::field, FieldError::code)
                .containsExactly(tuple("passportNumber", "invalid"));
    }
}
