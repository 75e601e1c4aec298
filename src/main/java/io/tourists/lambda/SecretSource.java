package io.tourists.lambda;

import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;

/**
 * Where a secret's value comes from: Secrets Manager's GetSecretValue, through the SDK's client (the local runtime,
 * tools, tests) or, on Lambda, a single signed call without the client ({@link SignedSecretReader}).
 */
@FunctionalInterface
public interface SecretSource {

    /** The secret's current SecretString; null for a binary secret. */
    String secretString(String secretId);

    /** GetSecretValue through the SDK's client. */
    static SecretSource of(SecretsManagerClient client) {
        return secretId -> client.getSecretValue(b -> b.secretId(secretId)).secretString();
    }
}
