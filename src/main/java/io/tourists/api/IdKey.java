package io.tourists.api;

import io.tourists.domain.Ids;
import io.tourists.lambda.Lazy;
import io.tourists.lambda.SecretSource;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.Map;
import java.util.UUID;
import java.util.function.Supplier;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;

/**
 * The server-side secret mixed into the ids an Idempotency-Key derives (HMAC-SHA256, {@link #keyed}), so
 * that nobody without it can compute the touristId a guessed key leads to, or take a client's writeId first.
 *
 * <p>On AWS the key is the value of a Secrets Manager secret that CloudFormation generates
 * ({@value #SECRET_ARN_VARIABLE}); locally and in tests it is given as is ({@value #KEY_VARIABLE}).
 *
 * <p>The secret is read at the first request that carries an Idempotency-Key, never at init and never in the
 * SnapStart checkpoint hook, so a snapshot never holds it: each restored environment reads it once, then
 * keeps it for its life. Keeping it is safe because it never changes: a new key derives new ids, so a client's
 * retry after a change would not be recognised as the same write. The template gives the secret no rotation.
 */
public final class IdKey {

    /** On AWS: the ARN of the secret whose string is the key. */
    public static final String SECRET_ARN_VARIABLE = "ID_KEY_SECRET_ARN";
    /** Locally and in tests: the key itself. */
    public static final String KEY_VARIABLE = "ID_KEY";
    /** 32 characters: at least the 256 bits HMAC-SHA256 can use, even from a key of hex digits. */
    public static final int MIN_LENGTH = 32;

    private static final String HMAC = "HmacSHA256";

    private final Supplier<String> source;
    private volatile byte[] key;

    private IdKey(Supplier<String> source) {
        this.source = source;
    }

    /** The Secrets Manager secret could not be read now; a retry may succeed. */
    public static final class Unavailable extends RuntimeException {
        Unavailable(String message, Throwable cause) {
            super(message, cause);
        }
    }

    /** A key given as is: the local runtime and tests. */
    public static IdKey of(String key) {
        var idKey = new IdKey(() -> key);
        idKey.key = checked(key, "the id key");
        return idKey;
    }

    /** The string of this Secrets Manager secret, read at first use. */
    public static IdKey fromSecret(SecretsManagerClient secrets, String secretId) {
        return fromSecret(SecretSource.of(secrets), secretId);
    }

    /** The string of this secret, read through {@code secrets} at first use. */
    public static IdKey fromSecret(SecretSource secrets, String secretId) {
        return new IdKey(() -> read(secrets, secretId));
    }

    private static String read(SecretSource secrets, String secretId) {
        try {
            return secrets.secretString(secretId);
        } catch (SecretSource.Unreadable e) {
            throw new Unavailable("the id key's secret could not be read: " + e.getMessage(), e);
        }
    }

    /**
     * {@value #SECRET_ARN_VARIABLE} when set (AWS), read through a source made at the first keyed request,
     * else {@value #KEY_VARIABLE}. Makes nothing and reads nothing now.
     */
    public static IdKey fromEnvironment(Map<String, String> env, Supplier<SecretSource> secrets) {
        var secretArn = env.get(SECRET_ARN_VARIABLE);
        if (secretArn != null && !secretArn.isBlank()) {
            // One source for the environment, made when first needed: a failed read is retried with it.
            var source = Lazy.of(secrets);
            return new IdKey(() -> read(source.get(), secretArn));
        }
        var key = env.get(KEY_VARIABLE);
        if (key == null || key.isBlank()) {
            throw new IllegalStateException("environment variable " + SECRET_ARN_VARIABLE + " (on AWS) or "
                    + KEY_VARIABLE + " (locally) is not set: the key for ids derived from an Idempotency-Key");
        }
        return of(key);
    }

    /**
     * The id for this name under the key; reads the key the first time.
     *
     * @throws Unavailable when the secret cannot be read now
     */
    public UUID derive(String name) {
        var known = key;
        if (known == null) {
            known = checked(source.get(), "the id key's secret");
            key = known;
        }
        return keyed(known, name);
    }

    /**
     * The same UUID for the same name and key (version 8, from HMAC-SHA256 with the key): how an
     * Idempotency-Key gives the same ids again without any store on the API side, while nobody without the
     * key can compute the ids a client's key will get.
     */
    public static UUID keyed(byte[] key, String name) {
        try {
            var mac = Mac.getInstance(HMAC);
            mac.init(new SecretKeySpec(key, HMAC));
            return Ids.version8(mac.doFinal(name.getBytes(StandardCharsets.UTF_8)));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("every Java runtime ships " + HMAC, e);
        }
    }

    /** Whether the key has been read (tests: the SnapStart hooks must not read it). */
    boolean isRead() {
        return key != null;
    }

    /** The message never quotes the key. */
    private static byte[] checked(String key, String what) {
        if (key == null || key.codePointCount(0, key.length()) < MIN_LENGTH) {
            throw new IllegalStateException(what + " must be at least " + MIN_LENGTH + " characters");
        }
        return key.getBytes(StandardCharsets.UTF_8);
    }

    @Override
    public String toString() {
        return "IdKey[" + (key == null ? "not read" : "read") + "]";
    }
}
