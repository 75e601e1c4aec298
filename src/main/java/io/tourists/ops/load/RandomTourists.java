package io.tourists.ops.load;

import io.tourists.domain.Tourist;
import java.time.LocalDate;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;

/** Tourists that pass {@link io.tourists.domain.TouristRules}, different each time. */
final class RandomTourists {

    private static final List<String> FIRST_NAMES = List.of("Ada", "Grace", "Alan", "Zoë", "José", "Amélie", "Kenji",
            "Olu", "Ingrid", "Mary-Jane", "Siobhán", "Dmitri", "Priya", "Lars", "Fatima", "Chen");
    private static final List<String> LAST_NAMES = List.of("Lovelace", "Hopper", "Turing", "O'Brien", "García",
            "Poulain", "Tanaka", "Adeyemi", "Bergman", "Watson", "Ní Bhriain", "Petrov", "Sharma", "Nilsson");
    private static final List<String> COUNTRIES = List.of(Locale.getISOCountries());
    private static final LocalDate EARLIEST = LocalDate.of(1930, 1, 1);
    private static final LocalDate LATEST = LocalDate.of(2008, 12, 31);
    private static final String PASSPORT_CHARACTERS = "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789";

    Tourist next() {
        var random = ThreadLocalRandom.current();
        var first = FIRST_NAMES.get(random.nextInt(FIRST_NAMES.size()));
        var last = LAST_NAMES.get(random.nextInt(LAST_NAMES.size()));
        var email = "tourist." + Long.toString(random.nextLong() & Long.MAX_VALUE, 36) + "@example.com";
        var born = EARLIEST.plusDays(random.nextLong(LATEST.toEpochDay() - EARLIEST.toEpochDay() + 1));
        Optional<String> passport = random.nextBoolean() ? Optional.of(passport(random)) : Optional.empty();
        return new Tourist(first, last, email, COUNTRIES.get(random.nextInt(COUNTRIES.size())), born, passport);
    }

    private static String passport(ThreadLocalRandom random) {
        var text = new StringBuilder();
        for (int i = 0; i < 9; i++) {
            text.append(PASSPORT_CHARACTERS.charAt(random.nextInt(PASSPORT_CHARACTERS.length())));
        }
        return text.toString();
    }
}
