package io.tourists.domain;

import java.nio.charset.StandardCharsets;
import java.nio.ByteBuffer;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.Optional;
import java.util.UUID;

/** Identifiers for tourists and writes. */
public final class Ids {

    /**
     * Safe to create before a SnapStart snapshot: on Linux the default SecureRandom is NativePRNG, which mixes
     * fresh /dev/urandom bytes into every draw, so restored environments never repeat each other's ids.
     * https://docs.aws.amazon.com/lambda/latest/dg/snapstart-uniqueness.html
     */
    private static final SecureRandom RANDOM = new SecureRandom();

    private Ids() {
    }

    /**
     * A new time-ordered UUID (version 7, RFC 9562): random enough to be unguessable, and ordered by
     * creation time so that new rows land at the right edge of the primary-key index.
     */
    public static UUID newId(Clock clock) {
        long millis = clock.millis();
        long randomHigh = RANDOM.nextLong();
        long randomLow = RANDOM.nextLong();
        long msb = (millis << 16) | 0x7000L | (randomHigh & 0x0FFFL);
        long lsb = (randomLow & 0x3FFFFFFFFFFFFFFFL) | 0x8000000000000000L;
        return new UUID(msb, lsb);
    }

    /**
     * The same UUID for the same name, always (version 8, RFC 9562, from SHA-256). Anyone who knows the name
     * can compute it: for ids derived from content by trusted tools (the importer), not from what a client
     * sends. Client-supplied names are keyed with a server-side secret instead (the write API's IdKey).
     */
    public static UUID derived(String name) {
        return version8(sha256(name.getBytes(StandardCharsets.UTF_8)));
    }

    /**
     * The UUID (version 8, RFC 9562) of a hash: its first 16 bytes with the version and variant bits set.
     * {@link #derived} gives it a SHA-256; the write API gives it an HMAC keyed with a server-side secret.
     */
    public static UUID version8(byte[] hash) {
        var bytes = ByteBuffer.wrap(hash, 0, 16);
        long msb = (bytes.getLong() & ~0xF000L) | 0x8000L;
        long lsb = (bytes.getLong() & 0x3FFFFFFFFFFFFFFFL) | 0x8000000000000000L;
        return new UUID(msb, lsb);
    }

    /**
     * Parses only the canonical 8-4-4-4-12 form of ASCII hex digits; {@link UUID#fromString} accepts far more. Checked
     * character by character: a regular expression here was a tenth of the consumer's decoding (two ids a message).
     */
    public static Optional<UUID> parse(String text) {
        if (text == null || text.length() != 36) {
            return Optional.empty();
        }
        for (int i = 0; i < 36; i++) {
            char c = text.charAt(i);
            boolean ok = i == 8 || i == 13 || i == 18 || i == 23
                    ? c == '-'
                    : (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
            if (!ok) {
                return Optional.empty();
            }
        }
        return Optional.of(UUID.fromString(text));
    }

    private static byte[] sha256(byte[] input) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(input);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime ships SHA-256", e);
        }
    }
}
