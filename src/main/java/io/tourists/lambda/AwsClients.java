package io.tourists.lambda;

import java.time.Duration;
import java.util.Map;
import java.util.function.Function;
import java.util.function.Supplier;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;
import software.amazon.awssdk.services.sqs.SqsClient;

/**
 * The AWS SDK clients a function may build at init, and where it reads secrets. Nothing is built until a function
 * asks: the write API reads its id key's secret only at its first keyed request, and a function without
 * {@code DB_SECRET_ARN} reads no secret. Each call builds a new client, owned (and closed) by the function
 * that asked for it.
 */
public final class AwsClients {

    /**
     * Where a function's clients come from. Lambda's is a class of its own ({@link LambdaAwsClients}), not
     * lambdas: a lambda's call site names the SDK's client types, and resolving it would load the SQS client's
     * classes in a function that ships without them (the read and prune functions).
     */
    interface Source {
        SqsClient sqs(Duration apiCallTimeout);

        SecretSource secrets();

        void primeSendMessage(SqsClient client, String queueUrl);
    }

    private final Source source;

    /**
     * Clients from elsewhere (the local runtime, tests): {@link #primeSendMessage} does nothing with them.
     *
     * @param sqs            builds an SQS client whose calls give up after the given time
     * @param secretsManager builds a Secrets Manager client
     */
    public AwsClients(Function<Duration, SqsClient> sqs, Supplier<SecretsManagerClient> secretsManager) {
        this(new Source() {
            @Override
            public SqsClient sqs(Duration apiCallTimeout) {
                return sqs.apply(apiCallTimeout);
            }

            @Override
            public SecretSource secrets() {
                return SecretSource.of(secretsManager.get());
            }

            @Override
            public void primeSendMessage(SqsClient client, String queueUrl) {
                // Not a client of Lambda's: priming would send the message.
            }
        });
    }

    private AwsClients(Source source) {
        this.source = source;
    }

    /**
     * The clients as Lambda gives them ({@link LambdaAwsClients}): region from {@code AWS_REGION}, Lambda's
     * credentials, no profile file, the SQS endpoint from the write queue's URL, and secrets read with one signed
     * call at the Secrets Manager endpoint of {@code AWS_ENDPOINT_URL_SECRETS_MANAGER} or the region.
     */
    public static AwsClients fromEnvironment(Map<String, String> env) {
        return new AwsClients(new LambdaAwsClients(env));
    }

    public SqsClient sqs(Duration apiCallTimeout) {
        return source.sqs(apiCallTimeout);
    }

    /**
     * Reads secrets: on Lambda with one signed call of its own ({@link SignedSecretReader}), without building the
     * SDK's client; elsewhere through a client the given supplier builds, once per source.
     */
    public SecretSource secrets() {
        return source.secrets();
    }

    /**
     * Runs a SendMessage to the queue through a client these clients built, answered in the process with
     * nothing sent ({@link SqsPriming}), when they are Lambda's; does nothing with anyone else's.
     */
    public void primeSendMessage(SqsClient client, String queueUrl) {
        source.primeSendMessage(client, queueUrl);
    }
}
