package io.tourists.api;

import io.tourists.domain.Ids;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Supplier;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;

/**
 * The server-side secret mixed into the ids an Idempotency-Key derives (HMAC-SHA256, {@link Ids#keyed}), so
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
        return new IdKey(() -> {
            try {
                return secrets.getSecretValue(request -> request.secretId(secretId)).secretString();
            } catch (SdkException e) {
                throw new Unavailable("the id key's secret could not be read: " + e.getMessage(), e);
            }
        });
    }

    /**
     * {@value #SECRET_ARN_VARIABLE} when set (AWS; the client's region is {@code AWS_REGION}, and the SDK honours
     * {@code AWS_ENDPOINT_URL_SECRETS_MANAGER}), else {@value #KEY_VARIABLE}. Builds a client, reads nothing.
     */
    public static IdKey fromEnvironment(Map<String, String> env) {
        var secretArn = env.get(SECRET_ARN_VARIABLE);
        if (secretArn != null && !secretArn.isBlank()) {
            var builder = SecretsManagerClient.builder()
                    .httpClient(UrlConnectionHttpClient.builder()
                            .connectionTimeout(Duration.ofSeconds(1))
                            .socketTimeout(Duration.ofSeconds(2))
                            .build())
                    .credentialsProvider(DefaultCredentialsProvider.builder().build())
                    .overrideConfiguration(c -> c.apiCallTimeout(Duration.ofSeconds(3)));
            Optional.ofNullable(env.get("AWS_REGION")).map(Region::of).ifPresent(builder::region);
            return fromSecret(builder.build(), secretArn);
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
        return Ids.keyed(known, name);
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
