package io.tourists.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import io.tourists.api.ApiFunction;
import io.tourists.consumer.ConsumerFunction;
import io.tourists.lambda.FunctionSetup;
import io.tourists.local.template.SamTemplate;
import io.tourists.local.template.TemplateConditions;
import io.tourists.local.template.TemplateValues;
import io.tourists.prune.PruneFunction;
import io.tourists.read.ReadFunction;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;
import org.crac.Resource;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Each function, built the way Lambda builds it, from the environment template.yaml gives it: every
 * Handler names a real handler class, every variable the code reads is set by the template (or by
 * Lambda itself), and every variable the template sets for one function is read by it.
 */
class FunctionEnvironmentTest {

    /** What Lambda sets in every environment; a function may read these without the template's help. */
    static final Set<String> SET_BY_LAMBDA = Set.of("AWS_REGION", "AWS_DEFAULT_REGION", "AWS_LAMBDA_FUNCTION_NAME",
            "AWS_LAMBDA_FUNCTION_VERSION", "AWS_LAMBDA_FUNCTION_MEMORY_SIZE", "AWS_LAMBDA_LOG_GROUP_NAME",
            "AWS_LAMBDA_LOG_STREAM_NAME", "AWS_EXECUTION_ENV", "AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY",
            "AWS_SESSION_TOKEN", "_HANDLER", "_X_AMZN_TRACE_ID", "LAMBDA_TASK_ROOT", "TZ",
            // Instead of the access keys, with SnapStart: https://docs.aws.amazon.com/lambda/latest/dg/snapstart-activate.html
            "AWS_CONTAINER_CREDENTIALS_FULL_URI",
            // on-demand, provisioned-concurrency or snap-start: https://docs.aws.amazon.com/lambda/latest/dg/configuration-envvars.html
            "AWS_LAMBDA_INITIALIZATION_TYPE");

    /**
     * The AWS SDKs' standard endpoint overrides, read when set and never required: lambda/SignedSecretReader reads
     * them from the function's environment as the SDK's clients read them from the process's
     * (https://docs.aws.amazon.com/sdkref/latest/guide/feature-ss-endpoints.html). The template sets neither.
     */
    static final Set<String> SDK_ENDPOINT_OVERRIDES = Set.of("AWS_ENDPOINT_URL", "AWS_ENDPOINT_URL_SECRETS_MANAGER");

    /** What the stack's created database answers for its endpoint (DatabaseMode=create, the default). */
    static final Map<String, String> DATABASE_ENDPOINT = Map.of(
            "DatabaseCluster.Endpoint.Address", "tourists.cluster-abc.eu-west-1.rds.amazonaws.com",
            "DatabaseCluster.Endpoint.Port", "5432");

    static final Map<String, Function<Map<String, String>, RequestHandler<?, ?>>> BUILT_BY_LAMBDA = Map.of(
            "ApiFunction", env -> new ApiFunction(FunctionSetup.lambda(env)),
            "ReadFunction", env -> new ReadFunction(FunctionSetup.lambda(env)),
            "ConsumerFunction", env -> new ConsumerFunction(FunctionSetup.lambda(env)),
            "PruneFunction", env -> new PruneFunction(FunctionSetup.lambda(env)));

    @ParameterizedTest
    @ValueSource(strings = {"ApiFunction", "ReadFunction", "ConsumerFunction", "PruneFunction"})
    void theHandlerNamesAPublicHandlerClassThatLambdaCanBuild(String function) throws Exception {
        var handler = String.valueOf(TemplateTest.TEMPLATE.properties(function).get("Handler"));
        assertThat(handler).matches("[a-zA-Z0-9_.]+::handleRequest");

        var type = Class.forName(handler.substring(0, handler.indexOf("::")));

        assertThat(RequestHandler.class).isAssignableFrom(type);
        assertThat(RequestStreamHandler.class).as("Lambda's entry: the event as a stream, read by the function").isAssignableFrom(type);
        assertThat(Resource.class).as("SnapStart hooks").isAssignableFrom(type);
        assertThat(type.getConstructor()).isNotNull();
        assertThat(type.getSimpleName()).isEqualTo(function);
    }

    @ParameterizedTest
    @ValueSource(strings = {"ApiFunction", "ReadFunction", "ConsumerFunction", "PruneFunction"})
    void everyVariableTheFunctionReadsIsSetByTheTemplateOrByLambda(String function) {
        var env = new RecordingEnvironment(deployedEnvironment(function));

        BUILT_BY_LAMBDA.get(function).apply(env);

        var allowed = new TreeSet<>(TemplateTest.TEMPLATE.environment(function).keySet());
        allowed.addAll(SET_BY_LAMBDA);
        allowed.addAll(SDK_ENDPOINT_OVERRIDES);
        assertThat(env.read).isNotEmpty();
        assertThat(allowed).as("variables %s reads", function).containsAll(env.read);
    }

    @ParameterizedTest
    @ValueSource(strings = {"ApiFunction", "ReadFunction", "ConsumerFunction", "PruneFunction"})
    void everyVariableTheTemplateSetsForTheFunctionIsRead(String function) {
        var env = new RecordingEnvironment(deployedEnvironment(function));

        BUILT_BY_LAMBDA.get(function).apply(env);

        var own = SamTemplate.map(SamTemplate.map(TemplateTest.TEMPLATE.properties(function), "Environment"), "Variables");
        assertThat(env.read).as("the function's own variables are all used").containsAll(own.keySet());
    }

    /** The template's environment for the function, with references resolved as CloudFormation would. */
    static Map<String, String> deployedEnvironment(String function) {
        var env = new LinkedHashMap<String, String>();
        TemplateTest.TEMPLATE.environment(function).forEach((name, value) -> env.put(name, resolve(value)));
        env.put("AWS_REGION", "eu-west-1");
        env.put("AWS_LAMBDA_FUNCTION_NAME", function);
        return env;
    }

    private static String resolve(Object template) {
        var values = new TemplateValues(TemplateTest.TEMPLATE, Map.of(), Map.of(), DATABASE_ENDPOINT);
        var value = new TemplateConditions(TemplateTest.TEMPLATE, values).decide(template);
        if (value instanceof Map<?, ?> map && map.get("Ref") instanceof String name
                && SamTemplate.map(TemplateTest.TEMPLATE.resources(), name).get("Type") instanceof String type) {
            assertThat(type).as("a Ref in an environment variable").isIn("AWS::SQS::Queue", "AWS::SecretsManager::Secret");
            return type.equals("AWS::SQS::Queue")
                    ? "https://sqs.eu-west-1.amazonaws.com/123456789012/tourists-" + name + "-AbCdEf12"
                    : "arn:aws:secretsmanager:eu-west-1:123456789012:secret:" + name + "-AbCdEf";
        }
        return values.text(value)
                .orElseGet(() -> String.valueOf(value));
    }

    /** An environment that remembers which variables were asked for. */
    static final class RecordingEnvironment extends HashMap<String, String> {
        final Set<String> read = new TreeSet<>();

        RecordingEnvironment(Map<String, String> values) {
            super(values);
        }

        @Override
        public String get(Object key) {
            read.add(String.valueOf(key));
            return super.get(key);
        }

        @Override
        public String getOrDefault(Object key, String defaultValue) {
            read.add(String.valueOf(key));
            return super.getOrDefault(key, defaultValue);
        }

        @Override
        public boolean containsKey(Object key) {
            read.add(String.valueOf(key));
            return super.containsKey(key);
        }
    }
}
