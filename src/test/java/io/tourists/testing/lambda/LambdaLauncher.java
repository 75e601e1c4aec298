package io.tourists.testing.lambda;

import io.tourists.local.template.SamTemplate;
import io.tourists.migrate.AppRole;
import io.tourists.testing.Infrastructure;
import io.tourists.testing.SecretsManagerStandIn;
import io.tourists.testing.TestQueues;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Starts a checkout's functions as Lambda would ({@link LambdaJvm}) against the tests' shared ElasticMQ and
 * PostgreSQL: a fresh write queue and dead-letter queue, and a Secrets Manager stand-in holding the database
 * login under the ARN the template's DatabaseSecretArn is given and the write API's id key under the one its
 * IdKeySecret stands for. Each start serves one AWS event.
 */
public final class LambdaLauncher implements AutoCloseable {

    public static final String SECRET_ARN = "arn:aws:secretsmanager:" + LambdaJvm.REGION + ":" + LambdaJvm.ACCOUNT
            + ":secret:tourists-db-AbCdEf";
    /** What the template's IdKeySecret stands for here; read at a write API's first keyed request. */
    public static final String ID_KEY_ARN = "arn:aws:secretsmanager:" + LambdaJvm.REGION + ":" + LambdaJvm.ACCOUNT
            + ":secret:tourists-id-key-AbCdEf";
    /** Where `mvn package` copies the runtime interface client and its jars. */
    public static final Path RUNTIME_LIB = Path.of("target", "lambda-runtime");

    private final LambdaJvm jvm;
    private final TestQueues queues;
    private final SecretsManagerStandIn secrets;
    private final Map<String, String> localEnvironment;

    private LambdaLauncher(LambdaJvm jvm, TestQueues queues, SecretsManagerStandIn secrets) {
        this.jvm = jvm;
        this.queues = queues;
        this.secrets = secrets;
        // Not set on Lambda: where the SDK finds the local queue and the stand-in instead of AWS.
        this.localEnvironment = Map.of(
                "AWS_ENDPOINT_URL_SQS", Infrastructure.sqsEndpoint().toString(),
                "AWS_ENDPOINT_URL_SECRETS_MANAGER", secrets.endpoint().toString());
    }

    /** @param work a folder of its own: task roots, logs; emptied first */
    public static LambdaLauncher start(Path work) throws IOException {
        return start(work, false);
    }

    /** @param markEvent see {@link RuntimeApi#RuntimeApi(String, String, boolean)} */
    public static LambdaLauncher start(Path work, boolean markEvent) throws IOException {
        if (Files.isDirectory(work)) {
            try (var files = Files.walk(work)) {
                files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
        var database = Infrastructure.database();
        var queues = Infrastructure.newQueues("lambda", 5, Duration.ofSeconds(190), false);
        var secrets = SecretsManagerStandIn.start();
        secrets.put(SECRET_ARN, database.user(), database.password());
        // Each database function's own login, as the stack's migration creates it (testing/AppRoles).
        for (var role : AppRole.values()) {
            secrets.put(roleSecretArn(role), role.roleName(), role.roleName());
        }
        secrets.putString(ID_KEY_ARN, "cold-start-benchmark-id-key-0123456789");
        return new LambdaLauncher(new LambdaJvm(RUNTIME_LIB, work, markEvent), queues, secrets);
    }

    public TestQueues queues() {
        return queues;
    }

    /** How many times the Secrets Manager stand-in served this secret. */
    public long secretReads(String secretArn) {
        return secrets.reads(secretArn);
    }

    public Path work() {
        return jvm.work();
    }

    /**
     * The functions of the checkout in that folder, from its template.yaml, wired to this launcher's services: the
     * test PostgreSQL as an existing database (DatabaseMode=existing, where the template has it), each function
     * logging in with its role's secret, the migration function with the owner's.
     */
    public Deployment deployment(String label, Path checkout) {
        var database = Infrastructure.database();
        var parameters = new HashMap<>(Map.of("DatabaseJdbcUrl", database.jdbcUrl(), "DatabaseSecretArn", SECRET_ARN,
                "DatabaseMode", "existing", "SubnetIds", "subnet-0123456789abcdef0",
                "SecurityGroupIds", "sg-0123456789abcdef0"));
        // An older checkout's template (the cold-start benchmark's baseline) may not have them all.
        parameters.keySet().retainAll(SamTemplate.map(SamTemplate.read(checkout.resolve("template.yaml")).root(),
                "Parameters").keySet());
        var resources = new HashMap<>(Map.of("WriteQueue", queues.url(), "WriteQueue.Arn", queues.arn(),
                "WriteQueue.QueueName", queues.name(), "WriteDeadLetterQueue", queues.deadLetterUrl(),
                "IdKeySecret", ID_KEY_ARN, "WriteDeadLetterQueue.QueueName", queues.deadLetterName()));
        resources.put("ReaderDatabaseSecret", roleSecretArn(AppRole.READER));
        resources.put("ConsumerDatabaseSecret", roleSecretArn(AppRole.CONSUMER));
        resources.put("PruneDatabaseSecret", roleSecretArn(AppRole.PRUNE));
        return Deployment.read(label, checkout, parameters,
                Map.of("AWS::Region", LambdaJvm.REGION, "AWS::AccountId", LambdaJvm.ACCOUNT,
                        "AWS::StackName", "tourists", "AWS::Partition", "aws",
                        "AWS::StackId", "arn:aws:cloudformation:" + LambdaJvm.REGION + ":" + LambdaJvm.ACCOUNT
                                + ":stack/tourists/local"),
                resources);
    }

    static String roleSecretArn(AppRole role) {
        return "arn:aws:secretsmanager:" + LambdaJvm.REGION + ":" + LambdaJvm.ACCOUNT + ":secret:" + role.roleName() + "-AbCdEf";
    }

    /** One cold start with the function's own event ({@link Events#forFunction}); throws if the event failed. */
    public LambdaJvm.ColdStart coldStart(Deployment.Function function, String runName, List<String> extraFlags)
            throws Exception {
        return coldStart(function, runName, extraFlags, Map.of());
    }

    /** @param environment more variables, over Lambda's and the template's (AWS_LAMBDA_INITIALIZATION_TYPE, say) */
    public LambdaJvm.ColdStart coldStart(Deployment.Function function, String runName, List<String> extraFlags,
                                         Map<String, String> environment) throws Exception {
        return coldStart(function, runName, extraFlags, environment, false);
    }

    /**
     * @param image as a container image would start it: the function's jar on the JVM's classpath instead of
     *              unzipped into the task root ({@link LambdaJvm#start(Deployment.Function, Path, List, String, Map, List, String)})
     */
    public LambdaJvm.ColdStart coldStart(Deployment.Function function, String runName, List<String> extraFlags,
                                         Map<String, String> environment, boolean image) throws Exception {
        var event = Events.forFunction(function.logicalId(), queues.arn());
        var local = new LinkedHashMap<>(localEnvironment);
        local.putAll(environment);
        var name = runName.replaceAll("[^A-Za-z0-9-]", "_");
        var result = image
                ? jvm.start(function, jvm.emptyTaskRoot(), List.of(function.code()), event, local, extraFlags, name)
                : jvm.start(function, jvm.taskRoot(function.code()), event, local, extraFlags, name);
        return succeeded(function, result);
    }

    /**
     * One cold start with this event, whatever the function answers (an invocation error included).
     *
     * @param environment more variables, over Lambda's and the template's
     */
    public LambdaJvm.ColdStart coldStartWith(Deployment.Function function, String runName, String event,
                                             Map<String, String> environment) throws Exception {
        var local = new LinkedHashMap<>(localEnvironment);
        local.putAll(environment);
        return jvm.start(function, jvm.taskRoot(function.code()), event, local, List.of(),
                runName.replaceAll("[^A-Za-z0-9-]", "_"));
    }

    private static LambdaJvm.ColdStart succeeded(Deployment.Function function, LambdaJvm.ColdStart result) {
        if (result.answer().error()) {
            throw new IllegalStateException(function.logicalId() + " failed its first event: "
                    + result.answer().body() + "\n(output in " + result.log() + ")");
        }
        return result;
    }

    @Override
    public void close() {
        secrets.close();
    }
}
