package io.tourists.lambda;

import io.tourists.db.SecretsManagerClients;
import io.tourists.queue.SqsClients;
import java.time.Duration;
import java.util.Map;
import java.util.function.Function;
import java.util.function.Supplier;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;
import software.amazon.awssdk.services.sqs.SqsClient;

/**
 * The AWS SDK clients a function may build at init. Nothing is built until a function asks: the write API
 * builds an SQS client and never a Secrets Manager one, and a function without {@code DB_SECRET_ARN} reads
 * no secret. Each call builds a new client, owned (and closed) by the function that asked for it.
 */
public final class AwsClients {

    private final Function<Duration, SqsClient> sqs;
    private final Supplier<SecretsManagerClient> secretsManager;

    /**
     * @param sqs            builds an SQS client whose calls give up after the given time
     * @param secretsManager builds a Secrets Manager client
     */
    public AwsClients(Function<Duration, SqsClient> sqs, Supplier<SecretsManagerClient> secretsManager) {
        this.sqs = sqs;
        this.secretsManager = secretsManager;
    }

    /**
     * The clients as Lambda gives them: region from {@code AWS_REGION}, the default credentials chain, and
     * the endpoints the SDK reads from {@code AWS_ENDPOINT_URL_SQS} and {@code AWS_ENDPOINT_URL_SECRETS_MANAGER}
     * when they are set.
     */
    public static AwsClients fromEnvironment(Map<String, String> env) {
        return new AwsClients(timeout -> SqsClients.fromEnvironment(env, timeout),
                () -> SecretsManagerClients.fromEnvironment(env));
    }

    public SqsClient sqs(Duration apiCallTimeout) {
        return sqs.apply(apiCallTimeout);
    }

    public SecretsManagerClient secretsManager() {
        return secretsManager.get();
    }
}
