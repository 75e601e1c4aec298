package io.tourists.api;

import static org.assertj.core.api.Assertions.assertThat;

import io.tourists.domain.Ids;
import java.nio.charset.StandardCharsets;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** Ids from an Idempotency-Key: UUIDv8 from HMAC-SHA256 with a server-side key. */
class KeyedIdsTest {

    private static final byte[] KEY = "a-test-key-of-at-least-32-characters".getBytes(StandardCharsets.UTF_8);
    private static final byte[] OTHER_KEY = "another-test-key-of-32-characters!".getBytes(StandardCharsets.UTF_8);

    @Test
    void keyedIdsAreVersion8WithTheRfcVariant_andStableForTheSameKeyAndName() {
        var id = IdKey.keyed(KEY, "write\njwt:client-1\nPOST /tourists\norder-42");

        assertThat(id.version()).isEqualTo(8);
        assertThat(id.variant()).isEqualTo(2);
        assertThat(IdKey.keyed(KEY.clone(), "write\njwt:client-1\nPOST /tourists\norder-42")).isEqualTo(id);
    }

    @Test
    void keyedIdsAreTheFirst16BytesOfHmacSha256WithVersionAndVariantSet() {
        // RFC 4231 test case 2: HMAC-SHA256("Jefe", "what do ya want for nothing?") starts 5bdcc146bf60754e 6a042426089575c7.
        assertThat(IdKey.keyed("Jefe".getBytes(StandardCharsets.US_ASCII), "what do ya want for nothing?"))
                .isEqualTo(UUID.fromString("5bdcc146-bf60-854e-aa04-2426089575c7"));
    }

    @Test
    void anotherKeyDerivesOtherIds_soIdsCannotBeComputedWithoutTheKey() {
        var name = "tourist\nanonymous\nPOST /tourists\nkey-1";

        assertThat(IdKey.keyed(OTHER_KEY, name)).isNotEqualTo(IdKey.keyed(KEY, name));
        assertThat(IdKey.keyed(KEY, name)).isNotEqualTo(Ids.derived(name));
    }
}
