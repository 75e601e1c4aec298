package io.tourists.http;

import io.tourists.domain.FieldError;
import io.tourists.domain.Ids;
import io.tourists.domain.Precondition;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * ETags (RFC 9110, section 8.8.3) of a tourist: the writeId of its current version, quoted, so a strong
 * validator that changes with every applied write. {@code If-None-Match} compares weakly (a {@code W/} prefix
 * is ignored); {@code If-Match} takes {@code *} or one strong tag, which travels to the consumer as a
 * {@link Precondition}.
 */
public final class EntityTags {

    public static final String IF_MATCH = "if-match";
    public static final String IF_NONE_MATCH = "if-none-match";

    private EntityTags() {
    }

    /** The ETag of the version written by {@code writeId}. */
    public static String of(UUID writeId) {
        return "\"" + writeId + "\"";
    }

    /** What an {@code If-Match} header asks, or why it cannot be read. */
    public sealed interface IfMatch {
        record Read(Precondition precondition) implements IfMatch {}

        record Malformed(Problem problem) implements IfMatch {}
    }

    /** Absent: {@link Precondition#NONE}. */
    public static IfMatch ifMatch(Optional<String> header) {
        if (header.isEmpty()) {
            return new IfMatch.Read(Precondition.NONE);
        }
        var value = header.get().strip();
        if (value.equals("*")) {
            return new IfMatch.Read(Precondition.EXISTS);
        }
        if (value.length() > 2 && value.startsWith("\"") && value.endsWith("\"")) {
            var writeId = Ids.parse(value.substring(1, value.length() - 1));
            if (writeId.isPresent()) {
                return new IfMatch.Read(new Precondition.Version(writeId.get()));
            }
        }
        return new IfMatch.Malformed(new Problem(Problem.MALFORMED, "Bad Request", 400,
                "If-Match must be * or one strong ETag of this tourist",
                List.of(new FieldError("If-Match", "invalid", "must be * or one ETag as GET /tourists/{id} returns it,"
                        + " e.g. \"0192f3a4-5b6c-7d8e-9f00-112233445566\" with its quotes; weak tags (W/) and lists"
                        + " are not accepted"))));
    }

    /** Whether {@code If-None-Match} names the current tag ({@code *} names any): then the answer is 304. */
    public static boolean notModified(Optional<String> header, String currentTag) {
        if (header.isEmpty()) {
            return false;
        }
        return Arrays.stream(header.get().split(","))
                .map(String::strip)
                .map(tag -> tag.startsWith("W/") ? tag.substring(2) : tag)
                .anyMatch(tag -> tag.equals("*") || tag.equals(currentTag));
    }
}
