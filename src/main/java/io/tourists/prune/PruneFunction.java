package io.tourists.prune;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import com.zaxxer.hikari.HikariDataSource;
import io.tourists.db.Databases;
import io.tourists.db.WritePruning;
import io.tourists.domain.WriteRetention;
import io.tourists.json.Json;
import io.tourists.lambda.FunctionSetup;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import org.crac.Core;
import org.crac.Resource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.lambda.powertools.logging.PowertoolsLogging;

import static io.tourists.config.LogFields.entry;

/**
 * Prunes what the database remembers of old writes, on a schedule (template.yaml's PruneSchedule; one run at a
 * time: reserved concurrency 1 and a PostgreSQL advisory lock, {@link WritePruning#pruneAlone}): applied write records, rejections and tombstones whose write occurred before the retention
 * window and one more day ({@link WriteRetention#pruneBefore}). It deletes in chunks of
 * {@value WritePruning#DEFAULT_CHUNK_SIZE} rows and starts no chunk in the last {@link #STOP_BEFORE_TIMEOUT} of its timeout; the next run goes on.
 * Operators run the same pruning with {@code bin/tourists db prune}.
 *
 * <p>Environment: {@code DB_URL}, {@code DB_SECRET_ARN} or {@code DB_USER} and {@code DB_PASSWORD}, optional
 * {@code DB_POOL_SIZE}, {@code WRITE_RETENTION_DAYS} (the consumer's window: the same value, or larger).
 */
public final class PruneFunction implements RequestHandler<Map<String, Object>, Map<String, Object>>, RequestStreamHandler,
        Resource,
        AutoCloseable {

    public static final Duration STOP_BEFORE_TIMEOUT = Duration.ofSeconds(15);

    private static final Logger LOG = LoggerFactory.getLogger(PruneFunction.class);

    private final WritePruning pruning;
    private final WriteRetention retention;
    private final Clock clock;
    /** The pool this function built itself; empty when the caller passed the pruning in. */
    private final Optional<HikariDataSource> pool;

    /** Lambda's: this process's environment; registers the SnapStart hooks. */
    public PruneFunction() {
        this(FunctionSetup.lambda());
        Core.getGlobalContext().register(this);
    }

    /** The one assembly of this function, from its environment (see above) and clients. No SnapStart hooks. */
    public PruneFunction(FunctionSetup setup) {
        this(setup, Databases.fromEnvironment(setup.env(), setup.aws()::secrets, "tourists-prune"));
    }

    private PruneFunction(FunctionSetup setup, HikariDataSource pool) {
        this(new WritePruning(pool, WritePruning.DEFAULT_CHUNK_SIZE), WriteRetention.fromEnvironment(setup.env()), setup.clock(),
                Optional.of(pool));
    }

    /** With collaborators, for tests. */
    public PruneFunction(WritePruning pruning, WriteRetention retention, Clock clock) {
        this(pruning, retention, clock, Optional.empty());
    }

    private PruneFunction(WritePruning pruning, WriteRetention retention, Clock clock, Optional<HikariDataSource> pool) {
        this.pruning = pruning;
        this.retention = retention;
        this.clock = clock;
        this.pool = pool;
    }

    /**
     * Lambda's entry: the scheduled event is not read (its content does not matter), the answer is written with the
     * project's Jackson; so the runtime interface client starts no serializer of its own.
     */
    @Override
    public void handleRequest(InputStream scheduledEvent, OutputStream answer, Context context) throws IOException {
        Json.MAPPER.writeValue(answer, handleRequest(Map.of(), context));
    }

    /** The scheduled event's content does not matter: every run prunes up to now. */
    @Override
    public Map<String, Object> handleRequest(Map<String, Object> scheduledEvent, Context context) {
        return PowertoolsLogging.withLogging(context, () -> {
            var before = retention.pruneBefore(clock.instant());
            var answer = new LinkedHashMap<String, Object>();
            answer.put("before", before.toString());
            var pruned = pruning.pruneAlone(before,
                    () -> context.getRemainingTimeInMillis() > STOP_BEFORE_TIMEOUT.toMillis());
            if (pruned.isEmpty()) {
                // Two runs overlap only without reserved concurrency, or when a run outlasts the schedule.
                LOG.info("another prune run holds the prune lock; this one deletes nothing");
                answer.put("skipped", "another prune run is going on");
                return answer;
            }
            var deleted = pruned.get();
            LOG.info("pruned writes that occurred before {}", before, entry("appliedWrites", deleted.appliedWrites()),
                    entry("rejections", deleted.rejections()), entry("tombstones", deleted.tombstones()));
            answer.put("appliedWrites", deleted.appliedWrites());
            answer.put("rejections", deleted.rejections());
            answer.put("tombstones", deleted.tombstones());
            return answer;
        });
    }

    @Override
    public void beforeCheckpoint(org.crac.Context<? extends Resource> context) {
        // One run a day: only the secret read's signing, so that a restored run does not load the signer.
        pool.ifPresent(Databases::prime);
    }

    @Override
    public void afterRestore(org.crac.Context<? extends Resource> context) {
        pool.ifPresent(Databases::reopen);
    }

    @Override
    public void close() {
        pool.ifPresent(HikariDataSource::close);
    }
}
