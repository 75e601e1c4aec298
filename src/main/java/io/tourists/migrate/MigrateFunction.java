package io.tourists.migrate;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import io.tourists.config.Env;
import io.tourists.db.Databases;
import io.tourists.db.DbCredentials;
import io.tourists.db.DbCredentials.UserPassword;
import io.tourists.db.DbSettings;
import io.tourists.db.SecretsManagerCredentials;
import io.tourists.lambda.FunctionSetup;
import io.tourists.migrate.CustomResourceResponse.Outcome;
import java.io.IOException;
import java.time.Duration;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.lambda.powertools.logging.PowertoolsLogging;

/**
 * Applies the schema and the application's roles ({@link SchemaMigration}) for template.yaml's custom resource
 * DatabaseSchema: CloudFormation invokes it on Create and on every Update (a new version of this function, whose
 * jar holds the migrations, or another database), and it answers through the request's presigned URL itself.
 * A failure answers FAILED with its reason, which the deploy shows, and the deploy rolls back; the migrations
 * already applied stay (each runs in its own transaction). Delete answers SUCCESS and touches nothing: the
 * data outlives the stack. Invoked directly (no ResponseURL: {@code aws lambda invoke}), it migrates and
 * returns what it did, or fails the invocation with the reason.
 *
 * <p>Environment: {@code DB_URL}; {@code DB_SECRET_ARN} (a user that may migrate and create roles, e.g. the
 * master user's generated secret) or {@code DB_USER} and {@code DB_PASSWORD}; and, for each role it manages,
 * {@link AppRole#secretVariable()} naming that role's secret.
 */
public final class MigrateFunction implements RequestHandler<Map<String, Object>, Map<String, Object>> {

    /** Never changes: another id would make CloudFormation replace the resource and send a Delete for the old. */
    static final String PHYSICAL_ID = "tourists-schema";
    /** A paused Aurora Serverless cluster takes about 15 s to resume; the migration waits for it. */
    static final Duration CONNECTION_TIMEOUT = Duration.ofSeconds(60);

    private static final Logger LOG = LoggerFactory.getLogger(MigrateFunction.class);

    private final FunctionSetup setup;
    private final CustomResourceResponse response;

    /** Lambda's: this process's environment. No SnapStart: it runs once per deploy. */
    public MigrateFunction() {
        this(FunctionSetup.lambda(), CustomResourceResponse.withDefaultClient());
    }

    public MigrateFunction(FunctionSetup setup, CustomResourceResponse response) {
        this.setup = setup;
        this.response = response;
    }

    @Override
    public Map<String, Object> handleRequest(Map<String, Object> event, Context context) {
        return PowertoolsLogging.withLogging(context, () -> {
            if (!CustomResourceRequest.isCustomResourceEvent(event)) {
                return new LinkedHashMap<>(migrate().data());
            }
            var request = CustomResourceRequest.of(event);
            var outcome = answer(request);
            try {
                response.send(request, outcome);
            } catch (IOException e) {
                throw new IllegalStateException("CloudFormation's response URL did not take the answer: " + e.getMessage(), e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
            return Map.of("Status", outcome instanceof Outcome.Success ? "SUCCESS" : "FAILED");
        });
    }

    Outcome answer(CustomResourceRequest request) {
        var physicalId = request.physicalResourceId().orElse(PHYSICAL_ID);
        if (request.type() == CustomResourceRequest.Type.DELETE) {
            LOG.info("the stack deletes its schema resource: the database, its tables and roles are kept");
            return new Outcome.Success(physicalId, Map.of());
        }
        try {
            return new Outcome.Success(PHYSICAL_ID, migrate().data());
        } catch (RuntimeException e) {
            LOG.error("the migration failed", e);
            return new Outcome.Failure(physicalId, "the database migration failed: " + describe(e));
        }
    }

    private SchemaMigration.Result migrate() {
        var env = setup.env();
        var secretId = Optional.ofNullable(env.get("DB_SECRET_ARN")).filter(id -> !id.isBlank());
        var settings = new DbSettings(Env.required(env, "DB_URL"), env.getOrDefault("DB_USER", ""),
                env.getOrDefault("DB_PASSWORD", ""), 2, CONNECTION_TIMEOUT, secretId, Optional.empty());
        var credentials = secretId.<DbCredentials>map(id -> new SecretsManagerCredentials(setup.aws().secrets(), id))
                .orElseGet(() -> DbCredentials.fixed(Env.required(env, "DB_USER"), settings.password()));
        var logins = new EnumMap<AppRole, UserPassword>(AppRole.class);
        for (var role : AppRole.values()) {
            Optional.ofNullable(env.get(role.secretVariable())).filter(id -> !id.isBlank()).ifPresent(id -> logins.put(role,
                    new SecretsManagerCredentials(setup.aws().secrets(), id).current()));
        }
        try (var pool = Databases.pool(settings, credentials, "tourists-migrate")) {
            var result = new SchemaMigration(pool).run(logins);
            LOG.info("schema at version {}: {} migrations applied, {} roles granted", result.schemaVersion(),
                    result.migrationsApplied(), result.roles());
            return result;
        } catch (java.sql.SQLException e) {
            throw new IllegalStateException(e.getMessage(), e);
        }
    }

    /** The failure and its causes' messages, without duplicates: Flyway wraps the driver's error. */
    static String describe(Throwable failure) {
        var text = new StringBuilder();
        for (var cause = failure; cause != null; cause = cause.getCause()) {
            var message = Optional.ofNullable(cause.getMessage()).orElse(cause.getClass().getSimpleName()).strip();
            if (!text.toString().contains(message)) {
                text.append(text.isEmpty() ? "" : " | ").append(message);
            }
        }
        return text.toString();
    }
}
