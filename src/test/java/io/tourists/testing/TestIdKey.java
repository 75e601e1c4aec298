package io.tourists.testing;

import io.tourists.api.IdKey;

/** The id key tests derive Idempotency-Key ids with: fixed, so a test can compute the ids it expects. */
public final class TestIdKey {

    public static final String VALUE = "tests-only-id-key-not-a-secret-0123456789";

    private TestIdKey() {
    }

    public static IdKey key() {
        return IdKey.of(VALUE);
    }
}
