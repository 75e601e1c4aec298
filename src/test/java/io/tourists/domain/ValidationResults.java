package io.tourists.domain;

import java.util.List;

/** Unwraps a {@link Validation} in a test, failing with what it held when it is not the expected side. */
public final class ValidationResults {

    private ValidationResults() {
    }

    public static <T> T valueOf(Validation<T> result) {
        return switch (result) {
            case Validation.Valid<T> valid -> valid.value();
            case Validation.Invalid<T> invalid -> throw new AssertionError("expected a valid result, got " + invalid.errors());
        };
    }

    public static <T> List<FieldError> errorsOf(Validation<T> result) {
        return switch (result) {
            case Validation.Invalid<T> invalid -> invalid.errors();
            case Validation.Valid<T> valid -> throw new AssertionError("expected field errors, got " + valid.value());
        };
    }
}
