package io.tourists.db;

import com.fasterxml.jackson.core.JsonProcessingException;
import io.tourists.json.Json;
import io.tourists.lambda.Lazy;
import io.tourists.lambda.SecretSource;
import java.util.function.Supplier;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;

/**
 * Database credentials from an AWS Secrets Manager secret in the JSON form RDS writes and rotates
 * ({@code {"username": ..., "password": ...}}; other keys such as host are ignored: DB_URL says where).
 * Fetched at the first connection and kept; fetched again after {@link #forget()}, which the pool calls
 * when the database refuses the password (the secret was rotated) and after a SnapStart restore.
 */
public final class SecretsManagerCredentials implements DbCredentials {

    private final Supplier<SecretSource> secrets;
    private final String secretId;
    private volatile UserPassword fetched;

    public SecretsManagerCredentials(SecretsManagerClient secrets, String secretId) {
        this(SecretSource.of(secrets), secretId);
    }

    public SecretsManagerCredentials(SecretSource secrets, String secretId) {
        this(() -> secrets, secretId);
    }

    /**
     * With the source made at the first fetch, on the thread that fetches: on an on-demand Lambda init that is
     * the early connection's ({@link EarlyConnection}), so the secret is read beside the rest of init instead of
     * before it. {@code secrets} is asked once.
     */
    SecretsManagerCredentials(Supplier<SecretSource> secrets, String secretId) {
        this.secrets = Lazy.of(secrets);
        this.secretId = secretId;
    }

    @Override
    public UserPassword current() {
        var known = fetched;
        if (known == null) {
            known = parse(secrets.get().secretString(secretId));
            fetched = known;
        }
        return known;
    }

    @Override
    public void prime() {
        secrets.get().prime();
    }

    @Override
    public void forget() {
        fetched = null;
    }

    /** Reads the secret's JSON; the message never contains the secret itself. */
    static UserPassword parse(String secretString) {
        if (secretString == null) {
            throw new IllegalStateException("the database secret has no SecretString (binary secrets are not read)");
        }
        try {
            var node = Json.readTree(secretString);
            var user = node.path("username");
            var password = node.path("password");
            if (!user.isTextual() || !password.isTextual()) {
                throw new IllegalStateException(
                        "the database secret must be a JSON object with string fields username and password");
            }
            return new UserPassword(user.textValue(), password.textValue());
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("the database secret is not JSON", null);
        }
    }
}
