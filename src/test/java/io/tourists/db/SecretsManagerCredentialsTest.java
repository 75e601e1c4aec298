package io.tourists.db;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class SecretsManagerCredentialsTest {

    @Test
    void readsTheUsernameAndPasswordOfTheSecretRdsWrites() {
        var credentials = SecretsManagerCredentials.parse("""
                {"username":"tourists","password":"s3cr3t","engine":"postgres","host":"db.example","port":5432}""");

        assertThat(credentials).isEqualTo(new DbCredentials.UserPassword("tourists", "s3cr3t"));
        assertThat(credentials.toString()).doesNotContain("s3cr3t");
    }

    @Test
    void refusesASecretWithoutAPassword_withoutQuotingTheSecret() {
        assertThatThrownBy(() -> SecretsManagerCredentials.parse("{\"username\":\"tourists\",\"pass\":\"s3cr3t\"}"))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("username and password")
                .hasMessageNotContaining("s3cr3t");
    }

    @Test
    void refusesASecretThatIsNotJson_withoutQuotingTheSecret() {
        assertThatThrownBy(() -> SecretsManagerCredentials.parse("s3cr3t"))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageNotContaining("s3cr3t")
                .hasNoCause();
    }

    @Test
    void aSecretArnInTheEnvironmentReplacesUserAndPassword() {
        var settings = DbSettings.fromEnvironment(Map.of(
                "DB_URL", "jdbc:postgresql://db.example:5432/tourists",
                "DB_SECRET_ARN", "arn:aws:secretsmanager:eu-west-1:123456789012:secret:tourists-db"));

        assertThat(settings.secretId()).contains("arn:aws:secretsmanager:eu-west-1:123456789012:secret:tourists-db");
        assertThat(settings.toString()).contains("secret=arn:aws:secretsmanager");
    }

    @Test
    void withoutASecretArnTheUserAndPasswordComeFromTheEnvironmentAsBefore() {
        var settings = DbSettings.fromEnvironment(Map.of(
                "DB_URL", "jdbc:postgresql://127.0.0.1:5433/tourists", "DB_USER", "tourists", "DB_PASSWORD", "tourists"));

        assertThat(settings.secretId()).isEqualTo(Optional.empty());
        assertThat(settings.user()).isEqualTo("tourists");
        assertThat(settings.toString()).doesNotContain("password").contains("user=tourists");
    }
}
