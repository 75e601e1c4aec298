package io.tourists.imports;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import io.tourists.lambda.FunctionSetup;
import io.tourists.queue.SqsWriteQueue;
import io.tourists.sync.RunRecord;
import io.tourists.sync.SqsBatchChannel;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.lambda.powertools.logging.PowertoolsLogging;

import static io.tourists.config.LogFields.entry;

/**
 * The import function (template.yaml: outside the VPC, no database). Two triggers: a file uploaded to the import
 * bucket under {@code incoming/}, and the schedule that pulls the paginated source ({@code SYNC_SOURCE_URL}).
 * It sends to the write queue like any publisher, only what changed since the source's last run
 * ({@link io.tourists.sync.SourceSync}). Settings: {@link ImportSettings}.
 */
public final class ImportFunction implements RequestHandler<Map<String, Object>, Map<String, Object>>, AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(ImportFunction.class);

    private final Imports imports;
    private final FunctionSetup setup;
    private final S3Client s3;
    private final SqsClient sqs;

    /** Lambda's: this process's environment. */
    public ImportFunction() {
        this(FunctionSetup.lambda());
    }

    /** The one assembly of this function, from its environment and clients. */
    public ImportFunction(FunctionSetup setup) {
        this(setup, ImportClients.s3(setup.env()));
    }

    /** With the S3 client given: the local runtime's and the tests' S3 store. */
    public ImportFunction(FunctionSetup setup, S3Client s3) {
        var settings = ImportSettings.fromEnvironment(setup.env());
        this.setup = setup;
        this.s3 = s3;
        this.sqs = setup.aws().sqs(SqsWriteQueue.SEND_BUDGET);
        Optional<Supplier<String>> token = settings.tokenSecretArn().map(arn -> () -> bearerToken(arn));
        this.imports = new Imports(settings, s3, new SqsBatchChannel(sqs, settings.queueUrl(), "import-"), token,
                setup.metrics(), setup.clock());
        LOG.info("import function ready: {}", settings);
    }

    @Override
    public Map<String, Object> handleRequest(Map<String, Object> event, Context context) {
        return PowertoolsLogging.withLogging(context, () -> setup.metrics().flushAfter(() -> answer(imports.handle(event))));
    }

    private static Map<String, Object> answer(List<RunRecord> runs) {
        var answer = new LinkedHashMap<String, Object>();
        answer.put("runs", runs.size());
        for (var run : runs) {
            LOG.info("import run {}: {}", run.outcome(), run.note(), entry("source", run.source()),
                    entry("runId", run.runId()), entry("rowsRead", run.rowsRead()), entry("sent", run.sent()),
                    entry("unchanged", run.unchanged()), entry("refused", run.refused()),
                    entry("deletesSent", run.deletesSent()), entry("deletesHeld", run.deletesHeld()),
                    entry("durationSeconds", run.durationSeconds()));
            answer.put(run.source(), run.outcome());
        }
        return answer;
    }

    /** The secret's value: the token itself, or a JSON object's "token" field. */
    private String bearerToken(String secretArn) {
        var secret = setup.aws().secrets().secretString(secretArn);
        if (secret == null) {
            throw new IllegalStateException("the token secret has no SecretString (binary secrets are not read)");
        }
        var value = secret.strip();
        if (value.startsWith("{")) {
            try {
                var token = io.tourists.json.Json.readTree(value).get("token");
                if (token != null && token.isTextual()) {
                    return token.textValue();
                }
            } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
                throw new IllegalStateException("the token secret is neither a token nor JSON with a \"token\" field");
            }
        }
        return value;
    }

    @Override
    public void close() {
        sqs.close();
        s3.close();
    }
}
