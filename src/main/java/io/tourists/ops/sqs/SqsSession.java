package io.tourists.ops.sqs;

import io.tourists.ops.internal.CliContext;
import io.tourists.ops.internal.OperatorException;
import io.tourists.queue.SqsClients;
import java.net.URI;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.function.Supplier;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.exception.ApiCallTimeoutException;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.regions.providers.DefaultAwsRegionProviderChain;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;
import software.amazon.awssdk.services.sqs.model.QueueDoesNotExistException;

/**
 * One command's session with SQS: its client, where it points, the queues it looks up, and the translation of
 * what goes wrong into a line the operator can act on: no credentials, an endpoint that does not answer, a
 * queue that does not exist, a refusal from SQS.
 */
public final class SqsSession implements AutoCloseable {

    static final Duration CALL_TIMEOUT = Duration.ofSeconds(15);
    /** Local stacks accept any region; the SDK still needs one to sign. */
    static final Region LOCAL_DEFAULT_REGION = Region.US_EAST_1;

    private static final List<QueueAttributeName> DESCRIBED = List.of(QueueAttributeName.QUEUE_ARN,
            QueueAttributeName.REDRIVE_POLICY, QueueAttributeName.VISIBILITY_TIMEOUT,
            QueueAttributeName.MESSAGE_RETENTION_PERIOD);

    private final SqsClient sqs;
    private final String where;
    /** Reads a stack's outputs (--stack): the stack's name -> OutputKey -> OutputValue. */
    private final Function<String, Map<String, String>> stackOutputs;
    private final Map<String, Map<String, String>> stacksRead = new HashMap<>();

    private SqsSession(SqsClient sqs, String where, Function<String, Map<String, String>> stackOutputs) {
        this.sqs = sqs;
        this.where = where;
        this.stackOutputs = stackOutputs;
    }

    public static SqsSession open(CliContext context, AwsOptions options) {
        var profile = Optional.ofNullable(options.profile).or(() -> context.variable("AWS_PROFILE"));
        var endpoint = Optional.ofNullable(options.endpointUrl)
                .or(() -> context.variable("AWS_ENDPOINT_URL_SQS"))
                .or(() -> context.variable("AWS_ENDPOINT_URL"))
                .map(SqsSession::endpoint);
        var region = region(context, options, profile, endpoint.isPresent());
        var credentials = context.credentials().apply(profile);
        try {
            credentials.resolveCredentials();
        } catch (SdkClientException e) {
            throw OperatorException.environment("no AWS credentials found (environment, profile"
                    + profile.map(p -> " '" + p + "'").orElse("") + ", SSO, container or instance role); "
                    + "set AWS_PROFILE or AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY (any values do for the local stack)", e);
        }
        var client = SqsClients.forTool(endpoint, region, credentials, CALL_TIMEOUT);
        var awsCli = context.variable(StackOutputs.CLI_VARIABLE).orElse("aws");
        return new SqsSession(client, endpoint.map(URI::toString).orElse("SQS in " + region.id()),
                stack -> StackOutputs.read(awsCli, stack, Optional.of(region.id()), profile));
    }

    public SqsClient sqs() {
        return sqs;
    }

    /** Where the commands are talking to, for messages: the endpoint URL, or "SQS in eu-west-1". */
    public String where() {
        return where;
    }

    /** The write queue and its dead-letter queue, both checked to exist. */
    public QueuePair queuePair(QueueOptions options) {
        return new QueuePair(writeQueue(options), deadLetterQueue(options));
    }

    /** The write queue, checked to exist. */
    public SqsQueue writeQueue(WriteQueueOptions options) {
        if (options.stackName != null) {
            return lookUp(null, stackOutput(options.stackName, "WriteQueueUrl"));
        }
        return lookUp(options.queueName, options.queueUrl);
    }

    /** The dead-letter queue, checked to exist. */
    public SqsQueue deadLetterQueue(QueueOptions options) {
        if (options.stackName != null) {
            return lookUp(null, stackOutput(options.stackName, "DeadLetterQueueUrl"));
        }
        return lookUp(options.deadLetterQueueName(), options.deadLetterQueueUrl);
    }

    private String stackOutput(String stack, String key) {
        var outputs = stacksRead.computeIfAbsent(stack, stackOutputs);
        return StackOutputs.required(outputs, stack, key);
    }

    private SqsQueue lookUp(String name, String url) {
        String queueUrl;
        if (url != null) {
            queueUrl = url;
        } else {
            try {
                queueUrl = sqs.getQueueUrl(r -> r.queueName(name)).queueUrl();
            } catch (QueueDoesNotExistException e) {
                throw OperatorException.environment("no queue named " + name + " at " + where, e);
            } catch (SdkException e) {
                throw translate("looking up queue " + name, e);
            }
        }
        try {
            var attributes = sqs.getQueueAttributes(r -> r.queueUrl(queueUrl).attributeNames(DESCRIBED)).attributes();
            var arn = attributes.get(QueueAttributeName.QUEUE_ARN);
            return new SqsQueue(SqsQueue.nameOf(arn), queueUrl, arn, attributes);
        } catch (QueueDoesNotExistException e) {
            throw OperatorException.environment("no queue at " + queueUrl, e);
        } catch (SdkException e) {
            throw translate("describing queue " + queueUrl, e);
        }
    }

    /** Makes one SQS call, translating its failure. */
    public <T> T call(String action, Supplier<T> request) {
        try {
            return request.get();
        } catch (SdkException e) {
            throw translate(action, e);
        }
    }

    public OperatorException translate(String action, SdkException failure) {
        return switch (failure) {
            case ApiCallTimeoutException timeout -> OperatorException.environment(
                    where + " did not answer within " + CALL_TIMEOUT.toSeconds() + " s while " + action, failure);
            case SdkClientException client -> OperatorException.environment(
                    "cannot reach " + where + " (" + rootCause(client) + ") while " + action, failure);
            case AwsServiceException service -> OperatorException.environment("SQS refused " + action + ": "
                    + service.awsErrorDetails().errorMessage() + " (" + service.awsErrorDetails().errorCode() + ")",
                    failure);
            default -> OperatorException.environment(action + " failed: " + failure.getMessage(), failure);
        };
    }

    private static String rootCause(Throwable failure) {
        var cause = failure;
        while (cause.getCause() != null && cause.getCause() != cause) {
            cause = cause.getCause();
        }
        var message = cause.getMessage() == null ? "" : ": " + cause.getMessage();
        return cause.getClass().getSimpleName() + message;
    }

    private static URI endpoint(String text) {
        URI uri;
        try {
            uri = URI.create(text);
        } catch (IllegalArgumentException e) {
            throw OperatorException.environment("the endpoint URL is not a URL: " + text, e);
        }
        if (!"http".equals(uri.getScheme()) && !"https".equals(uri.getScheme()) || uri.getHost() == null) {
            throw OperatorException.environment("the endpoint URL must be http(s)://host[:port], got " + text);
        }
        return uri;
    }

    private static Region region(CliContext context, AwsOptions options, Optional<String> profile, boolean customEndpoint) {
        var explicit = Optional.ofNullable(options.region)
                .or(() -> context.variable("AWS_REGION"))
                .or(() -> context.variable("AWS_DEFAULT_REGION"));
        if (explicit.isPresent()) {
            return Region.of(explicit.get());
        }
        if (customEndpoint) {
            return LOCAL_DEFAULT_REGION;
        }
        try {
            var chain = DefaultAwsRegionProviderChain.builder();
            profile.ifPresent(chain::profileName);
            return chain.build().getRegion();
        } catch (SdkClientException e) {
            throw OperatorException.environment("no AWS region: pass --region or set AWS_REGION", e);
        }
    }

    @Override
    public void close() {
        sqs.close();
    }
}
