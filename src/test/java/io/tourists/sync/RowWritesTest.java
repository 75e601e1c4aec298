package io.tourists.sync;

import io.tourists.domain.FieldError;
import io.tourists.domain.Validation;
import io.tourists.json.Json;
import io.tourists.sync.RowWrites.RowWrite;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class RowWritesTest {

    static final Instant NOW = Instant.parse("2026-11-29T12:00:00Z");
    static final Clock CLOCK = Clock.fixed(NOW, ZoneOffset.UTC);
    static final Instant FILE_TIME = Instant.parse("2026-11-29T11:00:00.123456Z");
    static final String ADA = "{\"firstName\":\"Ada\",\"lastName\":\"Lovelace\",\"email\":\"ada@example.com\","
            + "\"nationality\":\"GB\",\"dateOfBirth\":\"1990-12-10\"}";

    static SourceRow row(int line, String json) {
        try {
            return SourceRow.read(line, (com.fasterxml.jackson.databind.node.ObjectNode) Json.readTree(json));
        } catch (Exception e) {
            throw new IllegalArgumentException(e);
        }
    }

    static RowWrite valid(RowWrites rowWrites, SourceRow row) {
        return switch (rowWrites.check(row)) {
            case Validation.Valid<RowWrite> valid -> valid.value();
            case Validation.Invalid<RowWrite> invalid -> throw new AssertionError(invalid.errors().toString());
        };
    }

    static List<FieldError> errors(RowWrites rowWrites, SourceRow row) {
        return switch (rowWrites.check(row)) {
            case Validation.Valid<RowWrite> valid -> throw new AssertionError("valid: " + valid.value());
            case Validation.Invalid<RowWrite> invalid -> invalid.errors();
        };
    }

    @Test
    void theSameRowGivesTheSameWrite_onEveryRun() {
        var first = valid(new RowWrites(CLOCK, FILE_TIME, List.of()), row(2, ADA));
        var again = valid(new RowWrites(Clock.systemUTC(), FILE_TIME, List.of()), row(7, ADA));

        assertThat(again.write()).isEqualTo(first.write());
        assertThat(again.body()).isEqualTo(first.body());
        assertThat(first.write().occurredAt()).isEqualTo(FILE_TIME);
    }

    @Test
    void leadingAndTrailingSpaces_doNotMakeADifferentTourist() {
        var spaced = ADA.replace("\"Ada\"", "\"  Ada \"");

        assertThat(valid(new RowWrites(CLOCK, FILE_TIME, List.of()), row(2, spaced)).write())
                .isEqualTo(valid(new RowWrites(CLOCK, FILE_TIME, List.of()), row(2, ADA)).write());
    }

    @Test
    void aLaterFileTime_givesANewerWriteWithANewWriteId_forTheSameTourist() {
        var earlier = valid(new RowWrites(CLOCK, FILE_TIME, List.of("email")), row(2, ADA));
        var later = valid(new RowWrites(CLOCK, FILE_TIME.plusSeconds(60), List.of("email")), row(2, ADA));

        assertThat(later.write().touristId()).isEqualTo(earlier.write().touristId());
        assertThat(later.write().writeId()).isNotEqualTo(earlier.write().writeId());
        assertThat(later.write().version()).isGreaterThan(earlier.write().version());
    }

    @Test
    void aTouristIdColumn_namesTheTourist_andTheWriteIdFollowsTheContent() {
        var id = "0190f5a0-0000-7000-8000-0000000000aa";
        var rowWrites = new RowWrites(CLOCK, FILE_TIME, List.of());
        var ada = valid(rowWrites, row(2, ADA.replace("{", "{\"touristId\":\"" + id + "\",")));
        var renamed = valid(rowWrites, row(2, ADA.replace("{", "{\"touristId\":\"" + id + "\",").replace("Lovelace", "King")));

        assertThat(ada.write().touristId()).isEqualTo(UUID.fromString(id));
        assertThat(renamed.write().touristId()).isEqualTo(UUID.fromString(id));
        assertThat(renamed.write().writeId()).isNotEqualTo(ada.write().writeId());
        assertThat(ada.body()).doesNotContain("\"touristId\":\"" + id + "\",\"firstName\"");
    }

    @Test
    void keyColumns_nameTheTourist_andAKeyOnlyColumnIsNotSent() {
        var rowWrites = new RowWrites(CLOCK, FILE_TIME, List.of("customerRef"));
        var ada = valid(rowWrites, row(2, ADA.replace("{", "{\"customerRef\":\"C-17\",")));
        var adaMoved = valid(rowWrites, row(2, ADA.replace("{", "{\"customerRef\":\"C-17\",").replace("GB", "FR")));
        var other = valid(rowWrites, row(3, ADA.replace("{", "{\"customerRef\":\"C-18\",")));

        assertThat(adaMoved.write().touristId()).isEqualTo(ada.write().touristId());
        assertThat(other.write().touristId()).isNotEqualTo(ada.write().touristId());
        assertThat(ada.body()).doesNotContain("customerRef").doesNotContain("C-17");
        assertThat(errors(rowWrites, row(4, ADA))).containsExactly(
                new FieldError("customerRef", "required", "is a key column (--key): it needs a value"));
    }

    @Test
    void everyErrorOfARowIsReported_withTheApisRules_andNoneQuotesAValue() {
        var bad = "{\"touristId\":\"not-a-uuid\",\"firstName\":\"Ada\",\"lastName\":7,\"email\":\"ada-at-example.com\","
                + "\"nationality\":\"gb\",\"dateOfBirth\":\"1990-12-10\",\"shoeSize\":\"42\"}";

        var errors = errors(new RowWrites(CLOCK, FILE_TIME, List.of()), row(5, bad));

        assertThat(errors).extracting(FieldError::field, FieldError::code).containsExactlyInAnyOrder(
                org.assertj.core.groups.Tuple.tuple("touristId", "invalid"),
                org.assertj.core.groups.Tuple.tuple("lastName", "type"),
                org.assertj.core.groups.Tuple.tuple("email", "invalid"),
                org.assertj.core.groups.Tuple.tuple("nationality", "invalid"),
                org.assertj.core.groups.Tuple.tuple("shoeSize", "unknown"));
        assertThat(errors.toString()).doesNotContain("ada-at-example").doesNotContain("not-a-uuid").doesNotContain("42");
    }

    @Test
    void aFileTimeTheConsumerWouldRefuse_isRefusedHere() {
        var errors = errors(new RowWrites(CLOCK, NOW.plus(Duration.ofMinutes(10)), List.of()), row(2, ADA));

        assertThat(errors).extracting(FieldError::field).containsExactly("occurredAt");
    }

    @Test
    void aSecondRowForOneTourist_isRefused_andTheFirstKept() {
        var rowWrites = new RowWrites(CLOCK, FILE_TIME, List.of("email"));

        var checked = rowWrites.check(List.of(row(2, ADA), row(3, ADA.replace("Lovelace", "King")),
                row(4, ADA.replace("ada@", "grace@"))));

        assertThat(checked.writes()).extracting(RowWrite::line).containsExactly(2, 4);
        assertThat(checked.refused()).singleElement().satisfies(refused -> {
            assertThat(refused.line()).isEqualTo(3);
            assertThat(refused.errors()).containsExactly(new FieldError("touristId", "duplicate",
                    "is the same tourist as line 2; a file holds one row per tourist"));
        });
    }
}
