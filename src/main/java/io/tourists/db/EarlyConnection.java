package io.tourists.db;

import com.zaxxer.hikari.HikariDataSource;
import java.sql.SQLException;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/**
 * Opens a function's first database connection on a thread of its own while the rest of an on-demand init goes
 * on (the handler's classes, log4j, the SDK), so that the first request finds it in the pool instead of paying for
 * the secret, the TCP and TLS handshakes and the authentication itself. Init never waits for it and never fails
 * on it: a database that is paused (Aurora takes about 15 s to resume) or down leaves the pool empty, and the
 * first request connects, or fails, as it would have without this thread.
 *
 * <p>Only on an on-demand init ({@code AWS_LAMBDA_INITIALIZATION_TYPE=on-demand}), where the first request
 * follows at once. Never under SnapStart ({@code snap-start}): a connection must not be in a snapshot that every
 * restored environment shares; nor with provisioned concurrency, whose environments may wait long before their
 * first request. Locally and in tests the variable is not set.
 */
final class EarlyConnection {

    static final String INITIALIZATION_TYPE = "AWS_LAMBDA_INITIALIZATION_TYPE";
    static final String ON_DEMAND = "on-demand";

    private final CompletableFuture<HikariDataSource> pool = new CompletableFuture<>();

    private EarlyConnection() {
    }

    /** Whether this environment's init is an on-demand one, which the first request follows at once. */
    static boolean onDemand(Map<String, String> env) {
        return ON_DEMAND.equals(env.get(INITIALIZATION_TYPE));
    }

    /**
     * On an on-demand init, starts reading the credentials at once (for a secret: GetSecretValue through the
     * function's {@code SecretSource}), and then opening a connection through the pool {@link #open} is given.
     */
    static Optional<EarlyConnection> startIfOnDemand(Map<String, String> env, DbCredentials credentials) {
        if (!onDemand(env)) {
            return Optional.empty();
        }
        var early = new EarlyConnection();
        Thread.ofPlatform().name("db-early-connection").daemon().start(() -> {
            try {
                credentials.current();
                try (var connection = early.pool.join().getConnection()) {
                    // Back to the pool at once, open: the first request takes it.
                }
            } catch (SQLException | RuntimeException e) {
                // Nothing to do: the first request connects itself, and reports its own failure if there is one.
            }
        });
        return Optional.of(early);
    }

    /** The pool to open the connection through, once the credentials are read. */
    void open(HikariDataSource pool) {
        this.pool.complete(pool);
    }

    /** No pool will come (building it failed, and so does the init): the thread ends without connecting. */
    void abandon() {
        this.pool.cancel(false);
    }
}
