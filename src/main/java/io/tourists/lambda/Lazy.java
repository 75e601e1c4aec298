package io.tourists.lambda;

import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * A value made at its first use, once, whichever thread asks first; the others wait for it. For the SDK clients
 * a function needs only on some paths: building one costs a cold start 100 to 200 ms (the client, and the JDK's
 * TLS context the first time), which an init should not pay for a path most environments never take.
 */
public final class Lazy<T> implements Supplier<T> {

    private final Supplier<? extends T> make;
    private volatile T value;

    private Lazy(Supplier<? extends T> make) {
        this.make = make;
    }

    public static <T> Lazy<T> of(Supplier<? extends T> make) {
        return new Lazy<>(make);
    }

    @Override
    public T get() {
        var known = value;
        if (known == null) {
            synchronized (this) {
                known = value;
                if (known == null) {
                    known = make.get();
                    value = known;
                }
            }
        }
        return known;
    }

    /** Runs {@code action} on the value if it was made; makes nothing. */
    public void ifMade(Consumer<? super T> action) {
        var known = value;
        if (known != null) {
            action.accept(known);
        }
    }
}
