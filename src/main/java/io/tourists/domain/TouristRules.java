package io.tourists.domain;

import java.time.Clock;
import java.time.DateTimeException;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The one set of field rules. The API applies them before it enqueues a write and the consumer applies
 * them again to every message, because other services publish to the same queue.
 *
 * <ul>
 *   <li>firstName, lastName: required, 1-100 characters after trimming; letters (any script), combining
 *       marks, spaces, apostrophes, hyphens and periods, starting with a letter.</li>
 *   <li>email: required, at most 254 characters, one {@code @}, a local part of at most 64 characters
 *       and a dotted domain; no spaces, separators or control characters.</li>
 *   <li>nationality: required, an ISO 3166-1 alpha-2 code in upper case, e.g. {@code FR}.</li>
 *   <li>dateOfBirth: required, an ISO-8601 date ({@code 1990-04-17}) from 1900-01-01 to today (UTC).</li>
 *   <li>passportNumber: optional, 5-20 upper-case letters and digits.</li>
 * </ul>
 * Leading and trailing whitespace is trimmed before the checks and is not stored.
 */
public final class TouristRules {

    public static final List<String> FIELDS =
            List.of("firstName", "lastName", "email", "nationality", "dateOfBirth", "passportNumber");

    public static final int NAME_MAX_LENGTH = 100;
    public static final int EMAIL_MAX_LENGTH = 254;
    public static final LocalDate EARLIEST_BIRTH_DATE = LocalDate.of(1900, 1, 1);

    private static final Pattern NAME = Pattern.compile("\\p{L}[\\p{L}\\p{M} '’.\\-]*");
    /**
     * No control, format, private-use, unassigned or lone-surrogate characters and no separators of any kind
     * (a NUL or U+FFFF would pass a naive check, then be refused by SQS or PostgreSQL after the 202).
     */
    private static final String EMAIL_CHAR = "[^@\\s\\p{Z}\\p{Cc}\\p{Cf}\\p{Co}\\p{Cn}\\p{Cs}]";
    private static final Pattern EMAIL = Pattern.compile(
            "(" + EMAIL_CHAR + "{1,64})@(" + EMAIL_CHAR.replace("]", ".]") + "+(\\." + EMAIL_CHAR.replace("]", ".]") + "+)+)");
    private static final Pattern PASSPORT = Pattern.compile("[A-Z0-9]{5,20}");
    private static final Pattern ISO_DATE = Pattern.compile("\\d{4}-\\d{2}-\\d{2}");
    private static final Set<String> COUNTRIES = Set.of(Locale.getISOCountries());

    private final Clock clock;

    public TouristRules(Clock clock) {
        this.clock = clock;
    }

    public Validation<Tourist> validate(TouristDraft draft) {
        var errors = new ArrayList<FieldError>();
        var firstName = name("firstName", draft.firstName(), errors);
        var lastName = name("lastName", draft.lastName(), errors);
        var email = email(draft.email(), errors);
        var nationality = nationality(draft.nationality(), errors);
        var dateOfBirth = dateOfBirth(draft.dateOfBirth(), errors);
        var passportNumber = passportNumber(draft.passportNumber(), errors);
        if (!errors.isEmpty()) {
            return Validation.invalid(errors);
        }
        return Validation.valid(new Tourist(firstName, lastName, email, nationality, dateOfBirth, passportNumber));
    }

    private static String name(String field, String raw, List<FieldError> errors) {
        var value = required(field, raw, errors);
        if (value == null) {
            return null;
        }
        if (value.codePointCount(0, value.length()) > NAME_MAX_LENGTH) {
            errors.add(new FieldError(field, "too_long", "must be at most " + NAME_MAX_LENGTH + " characters"));
        } else if (!NAME.matcher(value).matches()) {
            errors.add(new FieldError(field, "invalid",
                    "must start with a letter and hold only letters, spaces, apostrophes, hyphens and periods"));
        }
        return value;
    }

    private static String email(String raw, List<FieldError> errors) {
        var value = required("email", raw, errors);
        if (value == null) {
            return null;
        }
        if (value.length() > EMAIL_MAX_LENGTH) {
            errors.add(new FieldError("email", "too_long", "must be at most " + EMAIL_MAX_LENGTH + " characters"));
        } else if (!EMAIL.matcher(value).matches()) {
            errors.add(new FieldError("email", "invalid", "must be an address like name@example.com"));
        }
        return value;
    }

    private static String nationality(String raw, List<FieldError> errors) {
        var value = required("nationality", raw, errors);
        if (value != null && !COUNTRIES.contains(value)) {
            errors.add(new FieldError("nationality", "invalid",
                    "must be an ISO 3166-1 alpha-2 country code in upper case, e.g. FR"));
        }
        return value;
    }

    private LocalDate dateOfBirth(String raw, List<FieldError> errors) {
        var value = required("dateOfBirth", raw, errors);
        if (value == null) {
            return null;
        }
        LocalDate date;
        try {
            date = ISO_DATE.matcher(value).matches() ? IsoTimes.date(value) : null;
        } catch (DateTimeException e) {
            date = null;
        }
        if (date == null) {
            errors.add(new FieldError("dateOfBirth", "invalid", "must be an ISO-8601 date like 1990-04-17"));
        } else if (date.isBefore(EARLIEST_BIRTH_DATE) || date.isAfter(LocalDate.now(clock.withZone(ZoneOffset.UTC)))) {
            errors.add(new FieldError("dateOfBirth", "invalid", "must be between 1900-01-01 and today"));
        }
        return date;
    }

    private static Optional<String> passportNumber(String raw, List<FieldError> errors) {
        if (raw == null) {
            return Optional.empty();
        }
        var value = raw.strip();
        if (!PASSPORT.matcher(value).matches()) {
            errors.add(new FieldError("passportNumber", "invalid", "must be 5-20 upper-case letters and digits"));
        }
        return Optional.of(value);
    }

    private static String required(String field, String raw, List<FieldError> errors) {
        if (raw == null || raw.isBlank()) {
            errors.add(new FieldError(field, "required", "is required"));
            return null;
        }
        return raw.strip();
    }
}
