package io.tourists.local;

import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import com.amazonaws.services.lambda.runtime.events.SQSBatchResponse;
import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import io.tourists.api.ApiFunction;
import io.tourists.consumer.ConsumerFunction;
import io.tourists.db.SecretsManagerClients;
import io.tourists.imports.ImportFunction;
import io.tourists.lambda.AwsClients;
import io.tourists.lambda.FunctionSetup;
import io.tourists.lambda.InvocationMetrics;
import io.tourists.local.lambda.ExecutionEnvironments;
import io.tourists.local.sqs.SqsClientFactory;
import io.tourists.prune.PruneFunction;
import io.tourists.read.ReadFunction;
import java.time.Clock;
import java.util.Map;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * Initialises one execution environment of each function with the same constructor Lambda's no-arg one
 * delegates to, but from the environment the template gives it (resolved locally) and with SQS clients for
 * the local endpoint, since the functions run in this JVM and cannot each have their own process environment.
 * No SnapStart hooks are registered; each function's metrics go to the runtime's hook instead of stdout.
 */
public final class PipelineFunctions {

    private final SqsClientFactory sqs;
    private final Clock clock;
    private final InvocationMetrics.Listener metrics;

    /** @param metrics where every invocation's counts go (the dashboard's totals) */
    public PipelineFunctions(SqsClientFactory sqs, Clock clock, InvocationMetrics.Listener metrics) {
        this.sqs = sqs;
        this.clock = clock;
        this.metrics = metrics;
    }

    public ExecutionEnvironments.Environment<RequestHandler<APIGatewayV2HTTPEvent, APIGatewayV2HTTPResponse>> api(
            Map<String, String> environment) {
        var function = new ApiFunction(setup(environment));
        return new ExecutionEnvironments.Environment<>(function, function::close);
    }

    public ExecutionEnvironments.Environment<RequestHandler<APIGatewayV2HTTPEvent, APIGatewayV2HTTPResponse>> read(
            Map<String, String> environment) {
        var function = new ReadFunction(setup(environment));
        return new ExecutionEnvironments.Environment<>(function, function::close);
    }

    public ExecutionEnvironments.Environment<RequestHandler<SQSEvent, SQSBatchResponse>> consumer(
            Map<String, String> environment) {
        var function = new ConsumerFunction(setup(environment));
        return new ExecutionEnvironments.Environment<>(function, function::close);
    }

    public ImportFunction imports(Map<String, String> environment, S3Client s3) {
        return new ImportFunction(setup(environment), s3);
    }

    public PruneFunction prune(Map<String, String> environment) {
        return new PruneFunction(setup(environment));
    }

    private FunctionSetup setup(Map<String, String> environment) {
        var aws = new AwsClients(sqs::client, () -> SecretsManagerClients.fromEnvironment(environment));
        return FunctionSetup.of(environment, aws).withClock(clock).withMetrics(InvocationMetrics.reportingTo(metrics));
    }
}
