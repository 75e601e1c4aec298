package io.tourists.http;

import static org.assertj.core.api.Assertions.assertThat;

import io.tourists.domain.Precondition;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class EntityTagsTest {

    private static final UUID WRITE = UUID.fromString("019cec37-b67b-7abc-8def-0123456789ab");
    private static final String TAG = "\"" + WRITE + "\"";

    @Test
    void anAbsentIfMatchIsNoCondition_starIsExists_aStrongTagIsThatVersion() {
        assertThat(EntityTags.ifMatch(Optional.empty())).isEqualTo(new EntityTags.IfMatch.Read(Precondition.NONE));
        assertThat(EntityTags.ifMatch(Optional.of(" * "))).isEqualTo(new EntityTags.IfMatch.Read(Precondition.EXISTS));
        assertThat(EntityTags.ifMatch(Optional.of(TAG)))
                .isEqualTo(new EntityTags.IfMatch.Read(new Precondition.Version(WRITE)));
        assertThat(EntityTags.of(WRITE)).isEqualTo(TAG);
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "W/\"019cec37-b67b-7abc-8def-0123456789ab\"", "019cec37-b67b-7abc-8def-0123456789ab",
            "\"\"", "\"v1\"", "\"019cec37-b67b-7abc-8def-0123456789ab\", *"})
    void anythingElseIsMalformed(String header) {
        assertThat(EntityTags.ifMatch(Optional.of(header))).isInstanceOf(EntityTags.IfMatch.Malformed.class);
    }

    @Test
    void ifNoneMatchComparesWeakly_andStarMatchesAnyTag() {
        assertThat(EntityTags.notModified(Optional.of(TAG), TAG)).isTrue();
        assertThat(EntityTags.notModified(Optional.of("W/" + TAG), TAG)).isTrue();
        assertThat(EntityTags.notModified(Optional.of("\"other\", " + TAG), TAG)).isTrue();
        assertThat(EntityTags.notModified(Optional.of("*"), TAG)).isTrue();
        assertThat(EntityTags.notModified(Optional.of("\"other\""), TAG)).isFalse();
        assertThat(EntityTags.notModified(Optional.empty(), TAG)).isFalse();
    }
}
