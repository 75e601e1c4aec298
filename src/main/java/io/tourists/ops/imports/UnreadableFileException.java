package io.tourists.ops.imports;

/** The file as a whole cannot be imported (no header, an unknown column): no row is checked or sent. */
final class UnreadableFileException extends RuntimeException {

    UnreadableFileException(String message) {
        super(message);
    }
}
