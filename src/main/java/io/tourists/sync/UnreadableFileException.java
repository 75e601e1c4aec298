package io.tourists.sync;

/** The file as a whole cannot be imported (no header, an unknown column): no row is checked or sent. */
public final class UnreadableFileException extends RuntimeException {

    public UnreadableFileException(String message) {
        super(message);
    }
}
