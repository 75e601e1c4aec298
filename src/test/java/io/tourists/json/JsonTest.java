package io.tourists.json;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.fasterxml.jackson.core.JsonProcessingException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class JsonTest {

    @Test
    void readsOneJsonDocument() throws JsonProcessingException {
        assertThat(Json.readTree(" {\"a\":\"b\"} \n").get("a").textValue()).isEqualTo("b");
    }

    @ParameterizedTest
    @ValueSource(strings = {"{\"a\":\"b\"} x", "{\"a\":\"b\"}}", "{\"a\":\"b\"}{\"a\":\"c\"}", "{\"a\":\"b\"},[]", "[] []"})
    void refusesTextAfterTheFirstValue(String text) {
        assertThatThrownBy(() -> Json.readTree(text)).isInstanceOf(JsonProcessingException.class);
    }

    @Test
    void refusesADuplicateKey() {
        assertThatThrownBy(() -> Json.readTree("{\"a\":\"b\",\"a\":\"c\"}"))
                .isInstanceOf(JsonProcessingException.class)
                .hasMessageContaining("Duplicate field 'a'");
    }

    @Test
    void refusesNestingDeeperThanThirtyTwo() {
        assertThatThrownBy(() -> Json.readTree("[".repeat(40) + "]".repeat(40)))
                .isInstanceOf(JsonProcessingException.class);
    }

    /** A number of 500 digits or more would need jackson-core's fast parser, which the function jars leave out. */
    @ParameterizedTest
    @ValueSource(strings = {"{\"a\":1%s}", "{\"a\":1.%s}", "{\"a\":1%se400}", "[-1%s]"})
    void refusesANumberOfMoreThanAHundredDigitsAsJsonThatIsNotRead(String template) {
        var text = template.formatted("0".repeat(600));

        assertThatThrownBy(() -> Json.readTree(text)).isInstanceOf(JsonProcessingException.class)
                .hasMessageContaining("Number value length");
    }

    @Test
    void readsNumbersOfAHundredDigits() throws JsonProcessingException {
        assertThat(Json.readTree("[1" + "0".repeat(99) + "]").get(0).isBigInteger()).isTrue();
    }

    @Test
    void describesWhereTheTextStopsBeingJsonOnOneLine() {
        var error = catchThrowableOfType(JsonProcessingException.class,
                () -> Json.readTree("{\n\"a\": }"));

        assertThat(Json.describe(error)).contains("line 2").doesNotContain("\n");
    }
}
