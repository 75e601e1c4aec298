package io.tourists.lambda;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsSessionCredentials;
import software.amazon.awssdk.auth.credentials.ContainerCredentialsProvider;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;

class LambdaAwsClientsTest {

    @Test
    void shouldUseTheAccessKeysLambdaSets_withoutSearchingForOthers() {
        var provider = LambdaAwsClients.credentials(Map.of("AWS_ACCESS_KEY_ID", "ASIAEXAMPLE",
                "AWS_SECRET_ACCESS_KEY", "secret", "AWS_SESSION_TOKEN", "token"));

        assertThat(provider.resolveCredentials()).isInstanceOfSatisfying(AwsSessionCredentials.class, credentials -> {
            assertThat(credentials.accessKeyId()).isEqualTo("ASIAEXAMPLE");
            assertThat(credentials.sessionToken()).isEqualTo("token");
        });
    }

    @Test
    void shouldUseTheContainerCredentials_whenSnapStartProvidesThemInsteadOfKeys() {
        var provider = LambdaAwsClients.credentials(Map.of(
                "AWS_CONTAINER_CREDENTIALS_FULL_URI", "http://127.0.0.1:9001/2021-04-23/credentials",
                "AWS_ACCESS_KEY_ID", "ignored", "AWS_SECRET_ACCESS_KEY", "ignored"));

        assertThat(provider).isInstanceOf(ContainerCredentialsProvider.class);
    }

    @Test
    void shouldFallBackToTheSdkChain_outsideLambda() {
        assertThat(LambdaAwsClients.credentials(Map.of())).isInstanceOf(DefaultCredentialsProvider.class);
    }

    @Test
    void shouldGiveAnEmptyProfileFile() {
        assertThat(LambdaAwsClients.noProfileFile().profiles()).isEmpty();
    }
}
