package io.tourists.domain;

import java.util.UUID;

/**
 * What a conditional write requires of the tourist's current state when the consumer applies it: an HTTP
 * {@code If-Match} carried in the message ({@code ifMatch}). A write whose precondition fails is rejected
 * ({@code version-conflict}) and changes nothing. A deleted tourist (a tombstone) does not exist for it.
 */
public sealed interface Precondition {

    /** No condition: the write applies by last writer wins, as every write did before conditions existed. */
    record None() implements Precondition {}

    /** {@code If-Match: *}: the tourist exists (not deleted), whatever its version. */
    record Exists() implements Precondition {}

    /** The tourist exists and its version is still the one the write named (the writeId in its ETag). */
    record Version(UUID writeId) implements Precondition {}

    Precondition NONE = new None();
    Precondition EXISTS = new Exists();

    /** What the message's {@code ifMatch} holds: "*" or a writeId; null for none. */
    static String toText(Precondition precondition) {
        return switch (precondition) {
            case None none -> null;
            case Exists exists -> "*";
            case Version version -> version.writeId().toString();
        };
    }
}
