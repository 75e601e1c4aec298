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

    @Test
    void describesWhereTheTextStopsBeingJsonOnOneLine() {
        var error = catchThrowableOfType(JsonProcessingException.class,
                () -> Json.readTree("{\n\"a\": }"));

        assertThat(Json.describe(error)).contains("line 2").doesNotContain("\n");
    }
}
