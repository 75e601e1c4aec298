package io.tourists.domain;

import java.util.List;
import java.util.function.Function;

/** The result of checking untrusted input: a value, or every reason it was refused. */
public sealed interface Validation<T> {

    record Valid<T>(T value) implements Validation<T> {}

    record Invalid<T>(List<FieldError> errors) implements Validation<T> {
        public Invalid {
            if (errors.isEmpty()) {
                throw new IllegalArgumentException("an invalid result needs at least one error");
            }
            errors = List.copyOf(errors);
        }
    }

    static <T> Validation<T> valid(T value) {
        return new Valid<>(value);
    }

    static <T> Validation<T> invalid(List<FieldError> errors) {
        return new Invalid<>(errors);
    }

    default <R> Validation<R> map(Function<T, R> mapper) {
        return switch (this) {
            case Valid<T> valid -> new Valid<>(mapper.apply(valid.value()));
            case Invalid<T> invalid -> new Invalid<>(invalid.errors());
        };
    }
}
