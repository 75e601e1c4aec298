package io.tourists.json;

import static io.tourists.domain.ValidationResults.errorsOf;
import static io.tourists.domain.ValidationResults.valueOf;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.tourists.domain.FieldError;
import io.tourists.domain.Tourist;
import io.tourists.domain.TouristRules;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class TouristJsonTest {

    private static final Clock CLOCK = Clock.fixed(Instant.parse("2026-03-14T12:00:00Z"), ZoneOffset.UTC);
    private static final String ADA = """
            {"firstName":"Ada","lastName":"Lovelace","email":"ada@example.com","nationality":"GB",
             "dateOfBirth":"1915-12-10","passportNumber":"K1234567"}""";

    private final TouristJson touristJson = new TouristJson(new TouristRules(CLOCK));

    private static ObjectNode ada() throws JsonProcessingException {
        return (ObjectNode) Json.readTree(ADA);
    }

    private List<FieldError> errors(String json) throws JsonProcessingException {
        return errorsOf(touristJson.read(Json.readTree(json)));
    }

    @Test
    void readsAFlatObjectOfStringFields() throws JsonProcessingException {
        assertThat(valueOf(touristJson.read(ada()))).isEqualTo(new Tourist(
                "Ada", "Lovelace", "ada@example.com", "GB", LocalDate.of(1915, 12, 10), Optional.of("K1234567")));
    }

    @Test
    void refusesAnUnknownField() throws JsonProcessingException {
        var body = ada().put("nickname", "Countess");

        assertThat(errorsOf(touristJson.read(body)))
                .extracting(FieldError::field, FieldError::code)
                .containsExactly(tuple("nickname", "unknown"));
    }

    @Test
    void matchesFieldNamesCaseSensitively() throws JsonProcessingException {
        var body = ada();
        body.set("FirstName", body.remove("firstName"));

        assertThat(errorsOf(touristJson.read(body)))
                .extracting(FieldError::field, FieldError::code)
                .containsExactly(tuple("FirstName", "unknown"), tuple("firstName", "required"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"42", "1.5", "true", "{}", "[]", "[\"Ada\"]", "{\"value\":\"Ada\"}"})
    void refusesANonStringValueAsATypeErrorAndNothingElseForThatField(String value) throws JsonProcessingException {
        var body = ada().set("firstName", Json.readTree(value));

        assertThat(errorsOf(touristJson.read(body)))
                .extracting(FieldError::field, FieldError::code)
                .containsExactly(tuple("firstName", "type"));
    }

    @Test
    void refusesANumericDateOfBirthRatherThanReadingItAsText() throws JsonProcessingException {
        var body = ada().put("dateOfBirth", 19151210);

        assertThat(errorsOf(touristJson.read(body)))
                .extracting(FieldError::field, FieldError::code)
                .containsExactly(tuple("dateOfBirth", "type"));
    }

    @Test
    void treatsNullAsMissing() throws JsonProcessingException {
        var body = ada().putNull("email");

        assertThat(errorsOf(touristJson.read(body)))
                .extracting(FieldError::field, FieldError::code)
                .containsExactly(tuple("email", "required"));
    }

    @Test
    void treatsANullPassportNumberAsNone() throws JsonProcessingException {
        var body = ada().putNull("passportNumber");

        assertThat(valueOf(touristJson.read(body)).passportNumber()).isEmpty();
    }

    @Test
    void reportsEveryMissingFieldOfAnEmptyObject() throws JsonProcessingException {
        assertThat(errors("{}"))
                .extracting(FieldError::field, FieldError::code)
                .containsExactly(
                        tuple("firstName", "required"),
                        tuple("lastName", "required"),
                        tuple("email", "required"),
                        tuple("nationality", "required"),
                        tuple("dateOfBirth", "required"));
    }

    @Test
    void reportsShapeErrorsAndRuleErrorsTogether() throws JsonProcessingException {
        var body = ada().put("nickname", "Countess").put("lastName", 7).put("nationality", "gb");
        body.remove("email");

        assertThat(errorsOf(touristJson.read(body)))
                .extracting(FieldError::field, FieldError::code)
                .containsExactlyInAnyOrder(
                        tuple("nickname", "unknown"),
                        tuple("lastName", "type"),
                        tuple("email", "required"),
                        tuple("nationality", "invalid"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"[]", "[{}]", "\"Ada\"", "42", "true", "null"})
    void refusesAnythingButAnObject(String json) throws JsonProcessingException {
        assertThat(errors(json))
                .extracting(FieldError::field, FieldError::code)
                .containsExactly(tuple("$", "type"));
    }

    @Test
    void refusesAnAbsentNode() {
        assertThat(errorsOf(touristJson.read(null)))
                .extracting(FieldError::field, FieldError::code)
                .containsExactly(tuple("$", "type"));
    }

    @Test
    void writesWhatItReads() throws JsonProcessingException {
        var tourist = valueOf(touristJson.read(ada()));

        assertThat(TouristJson.write(tourist)).isEqualTo(ada());
        assertThat(valueOf(touristJson.read(TouristJson.write(tourist)))).isEqualTo(tourist);
    }

    @Test
    void leavesOutAnAbsentPassportNumberWhenWriting() {
        var tourist = new Tourist("Ada", "Lovelace", "ada@example.com", "GB", LocalDate.of(1915, 12, 10), Optional.empty());

        assertThat(TouristJson.write(tourist).has("passportNumber")).isFalse();
    }
}
