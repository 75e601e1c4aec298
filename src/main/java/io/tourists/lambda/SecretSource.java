package io.tourists.lambda;

import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;

/**
 * Where a secret's value comes from: Secrets Manager's GetSecretValue, through the SDK's client (the local runtime,
 * tools, tests) or, on Lambda, a single signed call without the client ({@link SignedSecretReader}).
 */
@FunctionalInterface
public interface SecretSource {

    /**
     * The secret's current SecretString; null for a binary secret.
     *
     * @throws Unreadable when Secrets Manager cannot be reached, refuses, or does not have it
     */
    String secretString(String secretId);

    /** Loads what a read takes, without reading: before a SnapStart snapshot. Nothing by default. */
    default void prime() {
    }

    /** GetSecretValue through the SDK's client. */
    static SecretSource of(SecretsManagerClient client) {
        return secretId -> {
            try {
                return client.getSecretValue(b -> b.secretId(secretId)).secretString();
            } catch (SdkException e) {
                throw new Unreadable("GetSecretValue of " + secretId + " failed: " + e.getMessage(), e);
            }
        };
    }

    /** The secret could not be read now; its message names the secret, never its value. */
    final class Unreadable extends RuntimeException {
        public Unreadable(String message, Throwable cause) {
            super(message, cause);
        }
    }
}
