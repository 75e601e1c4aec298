package io.tourists.local;

import io.tourists.api.IdKey;
import io.tourists.db.DbSettings;
import io.tourists.local.template.FunctionDefinition;
import io.tourists.local.template.PipelineTemplate;
import io.tourists.local.template.SqsEventSource;
import io.tourists.local.template.TemplateValues;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.regions.Region;

/**
 * The functions' settings as this run gives them: each function's environment (the template's, resolved to
 * the local queues and database) and how many consumer environments run at once. What a user should know
 * about them (a variable left unset, a concurrency the template does not cap) is added to {@code notes}.
 */
final class FunctionSettings {

    /** Lambda starts an SQS mapping without MaximumConcurrency with five concurrent batches. */
    static final int POLLERS_WITHOUT_MAXIMUM_CONCURRENCY = 5;
    /** The key local ids are derived with: fixed, so a retry after a restart gets the same ids; not a secret. */
    static final String LOCAL_ID_KEY = "local-runtime-id-key-not-a-secret-0000000";

    private final PipelineTemplate template;
    private final TemplateValues values;
    private final StartedDatabase database;
    private final Region region;
    private final List<String> notes;

    FunctionSettings(PipelineTemplate template, TemplateValues values, StartedDatabase database, Region region,
                     List<String> notes) {
        this.template = template;
        this.values = values;
        this.database = database;
        this.region = region;
        this.notes = notes;
    }

    /**
     * The function's environment from the template, with the connection settings that differ locally: the
     * database is this run's, whatever the template takes it from on AWS.
     */
    Map<String, String> environment(FunctionDefinition function) {
        var resolved = template.environment(function.logicalId(), values);
        var environment = new LinkedHashMap<>(resolved.variables());
        environment.put("DB_URL", database.jdbcUrl());
        environment.put("DB_USER", database.user());
        environment.put("DB_PASSWORD", database.password());
        // The cluster the template creates pauses when idle and is waited for; this run's database never pauses,
        // so a function here fails as fast as with any other database that does not answer.
        environment.remove("DB_CONNECT_TIMEOUT_SECONDS");
        // On AWS the id key is a generated secret (ID_KEY_SECRET_ARN); locally it is this fixed, public value.
        environment.put(IdKey.KEY_VARIABLE, LOCAL_ID_KEY);
        environment.put("AWS_REGION", region.id());
        resolved.unresolved().stream()
                .filter(name -> !environment.containsKey(name))
                .forEach(name -> notes.add(function.logicalId() + " environment variable " + name
                        + " refers to something that is not local; left unset"));
        return Map.copyOf(environment);
    }

    static int poolSize(Map<String, String> environment) {
        return Integer.parseInt(environment.getOrDefault("DB_POOL_SIZE", Integer.toString(DbSettings.DEFAULT_POOL_SIZE)));
    }

    /**
     * How many batches the consumer works on at once: the mapping's MaximumConcurrency, capped by the function's
     * reserved concurrency, as on AWS.
     */
    int consumerConcurrency(SqsEventSource eventSource, FunctionDefinition consumerFunction) {
        var reserved = consumerFunction.reservedConcurrency();
        int concurrency;
        if (eventSource.maximumConcurrency().isPresent()) {
            concurrency = eventSource.maximumConcurrency().getAsInt();
        } else {
            concurrency = reserved.orElse(POLLERS_WITHOUT_MAXIMUM_CONCURRENCY);
            notes.add("the consumer's SQS event sets no ScalingConfig.MaximumConcurrency: on AWS its pollers would"
                    + " scale up far beyond " + concurrency + " and be throttled; locally " + concurrency + " pollers run");
        }
        if (reserved.isPresent() && reserved.getAsInt() < concurrency) {
            notes.add("ReservedConcurrentExecutions " + reserved.getAsInt() + " is below MaximumConcurrency "
                    + concurrency + ": on AWS the extra invocations are throttled; locally "
                    + reserved.getAsInt() + " run at once");
            concurrency = reserved.getAsInt();
        }
        return concurrency;
    }
}
