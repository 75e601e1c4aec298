package io.tourists.db;

import com.fasterxml.jackson.core.JsonProcessingException;
import io.tourists.json.Json;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;

/**
 * Database credentials from an AWS Secrets Manager secret in the JSON form RDS writes and rotates
 * ({@code {"username": ..., "password": ...}}; other keys such as host are ignored: DB_URL says where).
 * Fetched at the first connection and kept; fetched again after {@link #forget()}, which the pool calls
 * when the database refuses the password (the secret was rotated) and after a SnapStart restore.
 */
public final class SecretsManagerCredentials implements DbCredentials {

    private final SecretsManagerClient secrets;
    private final String secretId;
    private volatile UserPassword fetched;

    public SecretsManagerCredentials(SecretsManagerClient secrets, String secretId) {
        this.secrets = secrets;
        this.secretId = secretId;
    }

    /**
     * A client built the way the project builds SDK clients: url-connection HTTP client, region from
     * {@code AWS_REGION}; the SDK also honours {@code AWS_ENDPOINT_URL_SECRETS_MANAGER} (LocalStack).
     * Building it does no I/O.
     */
    public static SecretsManagerCredentials fromEnvironment(String secretId, Map<String, String> env) {
        var builder = SecretsManagerClient.builder()
                .httpClient(UrlConnectionHttpClient.builder()
                        .connectionTimeout(Duration.ofSeconds(2))
                        .socketTimeout(Duration.ofSeconds(5))
                        .build())
                .credentialsProvider(DefaultCredentialsProvider.builder().build())
                .overrideConfiguration(c -> c.apiCallTimeout(Duration.ofSeconds(5)));
        Optional.ofNullable(env.get("AWS_REGION")).map(Region::of).ifPresent(builder::region);
        return new SecretsManagerCredentials(builder.build(), secretId);
    }

    @Override
    public UserPassword current() {
        var known = fetched;
        if (known == null) {
            known = parse(secrets.getSecretValue(b -> b.secretId(secretId)).secretString());
            fetched = known;
        }
        return known;
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
