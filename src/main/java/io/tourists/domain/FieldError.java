package io.tourists.domain;

/**
 * One reason a field was refused.
 *
 * @param field   the field's path as the sender wrote it, e.g. {@code email} or {@code tourist.email}
 * @param code    a stable, machine-readable code: required, unknown, type, invalid, too_long, duplicate
 * @param message a sentence for a person
 */
public record FieldError(String field, String code, String message) {

    public FieldError withPrefix(String prefix) {
        return new FieldError(prefix + "." + field, code, message);
    }
}
