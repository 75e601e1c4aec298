package io.tourists.db;

/**
 * Where a function's database user and password come from. Asked at every new connection, never before a
 * SnapStart snapshot: a snapshot must not hold a password, and a rotated one must be picked up.
 */
public interface DbCredentials {

    /** A user and password, as the database will check them. */
    record UserPassword(String user, String password) {
        @Override
        public String toString() {
            return "UserPassword[user=" + user + "]";
        }
    }

    /** The credentials to connect with now; may fetch them the first time. */
    UserPassword current();

    /**
     * The database refused {@link #current()}, or the environment was restored from a snapshot: forget
     * what was fetched, so the next {@link #current()} fetches again.
     */
    default void forget() {
    }

    /**
     * Before a SnapStart snapshot: load what fetching takes, without fetching (no call, no credential, nothing a
     * restored environment could reuse), so the first connection after a restore pays only for the call.
     */
    default void prime() {
    }

    /** Credentials fixed at start: the local runtime, tests, and databases without rotation. */
    static DbCredentials fixed(String user, String password) {
        var credentials = new UserPassword(user, password);
        return () -> credentials;
    }
}
