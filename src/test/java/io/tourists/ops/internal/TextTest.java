package io.tourists.ops.internal;

import java.time.Duration;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class TextTest {

    @Test
    void agesReadAtTheScaleThatMatters() {
        assertThat(Text.age(Duration.ofSeconds(45))).isEqualTo("45s");
        assertThat(Text.age(Duration.ofSeconds(192))).isEqualTo("3m12s");
        assertThat(Text.age(Duration.ofMinutes(303))).isEqualTo("5h03m");
        assertThat(Text.age(Duration.ofHours(52))).isEqualTo("2d04h");
    }
}
