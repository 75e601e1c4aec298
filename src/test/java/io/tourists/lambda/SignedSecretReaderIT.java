package io.tourists.lambda;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tourists.db.SecretsManagerCredentials;
import io.tourists.testing.SecretsManagerStandIn;
import java.net.URI;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsSessionCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;

/**
 * GetSecretValue without the SDK's client: against a stand-in that checks each request's Signature Version 4
 * signature the way the service does (re-signed with the SDK's signer), with Lambda's session credentials, the
 * service's errors and its retries.
 */
class SignedSecretReaderIT {

    private static final String ARN = "arn:aws:secretsmanager:eu-west-1:123456789012:secret:tourists-db-AbCdEf";
    private static final AwsSessionCredentials LAMBDA_CREDENTIALS =
            AwsSessionCredentials.create("ASIAEXAMPLE", "secret-key-example", "session-token-example");

    private SecretsManagerStandIn standIn;

    @BeforeEach
    void start() {
        standIn = SecretsManagerStandIn.start();
        standIn.put(ARN, "tourists_consumer", "p@ss word\"1");
        standIn.requireSignatureBy(LAMBDA_CREDENTIALS);
    }

    @AfterEach
    void stop() {
        standIn.close();
    }

    @Test
    void readsTheSecretWithASignatureTheServiceAccepts() {
        var credentials = new SecretsManagerCredentials(reader(LAMBDA_CREDENTIALS.secretAccessKey()), ARN).current();
        assertThat(credentials.user()).isEqualTo("tourists_consumer");
        assertThat(credentials.password()).isEqualTo("p@ss word\"1");
        assertThat(standIn.reads(ARN)).isEqualTo(1);
    }

    @Test
    void aWrongSignatureIsRefusedAndNotRetried() {
        assertThatThrownBy(() -> reader("another-secret-key").secretString(ARN))
                .hasMessageContaining("HTTP 403 SignatureDoesNotMatch");
        assertThat(standIn.reads(ARN)).isZero();
    }

    @Test
    void anUnknownSecretIsTheServicesErrorTriedOnce() {
        assertThatThrownBy(() -> reader(LAMBDA_CREDENTIALS.secretAccessKey()).secretString(ARN + "-gone"))
                .hasMessageContaining("HTTP 400 ResourceNotFoundException");
    }

    @Test
    void aServiceErrorIsTriedAgainThreeTriesInAll() {
        standIn.failNext(2);
        assertThat(reader(LAMBDA_CREDENTIALS.secretAccessKey()).secretString(ARN)).contains("tourists_consumer");
        standIn.failNext(3);
        assertThatThrownBy(() -> reader(LAMBDA_CREDENTIALS.secretAccessKey()).secretString(ARN))
                .hasMessageContaining("HTTP 500 InternalServiceError");
    }

    @Test
    void anUnreachableServiceFailsAfterItsTries() {
        var reader = SignedSecretReader.fromEnvironment(Map.of("AWS_REGION", "eu-west-1",
                "AWS_ENDPOINT_URL_SECRETS_MANAGER", "http://127.0.0.1:1"), StaticCredentialsProvider.create(LAMBDA_CREDENTIALS));
        assertThatThrownBy(() -> reader.secretString(ARN)).hasMessageContaining("GetSecretValue of " + ARN + " failed");
    }

    @Test
    void theEndpointIsTheOverrideOrTheRegions() {
        var regional = SignedSecretReader.fromEnvironment(Map.of("AWS_REGION", "eu-west-1"),
                StaticCredentialsProvider.create(LAMBDA_CREDENTIALS));
        var china = SignedSecretReader.fromEnvironment(Map.of("AWS_REGION", "cn-north-1"),
                StaticCredentialsProvider.create(LAMBDA_CREDENTIALS));
        assertThat(regional.endpoint()).isEqualTo(URI.create("https://secretsmanager.eu-west-1.amazonaws.com"));
        assertThat(china.endpoint()).isEqualTo(URI.create("https://secretsmanager.cn-north-1.amazonaws.com.cn"));
    }

    private SignedSecretReader reader(String secretKey) {
        var credentials = AwsSessionCredentials.create(LAMBDA_CREDENTIALS.accessKeyId(), secretKey,
                LAMBDA_CREDENTIALS.sessionToken());
        return SignedSecretReader.fromEnvironment(Map.of("AWS_REGION", "eu-west-1",
                "AWS_ENDPOINT_URL_SECRETS_MANAGER", standIn.endpoint().toString()), StaticCredentialsProvider.create(credentials));
    }
}
