package io.tourists.read;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import com.zaxxer.hikari.HikariDataSource;
import io.tourists.db.Databases;
import io.tourists.db.StoreException;
import io.tourists.db.TouristStore;
import io.tourists.http.HttpDispatch;
import io.tourists.http.HttpResponses;
import io.tourists.http.Problem;
import io.tourists.http.Route;
import io.tourists.lambda.FunctionSetup;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.crac.Core;
import org.crac.Resource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.lambda.powertools.logging.PowertoolsLogging;

/**
 * GET /tourists/{id}: 200 with the stored tourist and its version, 404 when absent or deleted. Reads go
 * to PostgreSQL through a pool of one, so this function's reserved concurrency caps its connections.
 *
 * <p>Environment: {@code DB_URL}, {@code DB_SECRET_ARN} or {@code DB_USER} and {@code DB_PASSWORD},
 * optional {@code DB_POOL_SIZE}.
 *
 * <p>With SnapStart, {@link #beforeCheckpoint} serializes a sample answer without I/O, and
 * {@link #afterRestore} makes the pool open fresh connections with fresh credentials.
 */
public final class ReadFunction implements RequestHandler<APIGatewayV2HTTPEvent, APIGatewayV2HTTPResponse>,
        Resource, AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(ReadFunction.class);

    private final TouristStore store;
    /** The pool this function built itself; empty when the caller passed the store in. */
    private final Optional<HikariDataSource> pool;

    /** Lambda's: this process's environment; registers the SnapStart hooks. */
    public ReadFunction() {
        this(FunctionSetup.lambda());
        Core.getGlobalContext().register(this);
    }

    /**
     * The one assembly of this function, from its environment (see above) and clients: Lambda's, the local
     * runtime's and the tests'. Registers no SnapStart hooks.
     */
    public ReadFunction(FunctionSetup setup) {
        this(Databases.fromEnvironment(setup.env(), setup.aws()::secretsManager, "tourists-read"));
    }

    private ReadFunction(HikariDataSource pool) {
        this(new TouristStore(pool), Optional.of(pool));
    }

    /** With collaborators, for tests. */
    public ReadFunction(TouristStore store) {
        this(store, Optional.empty());
    }

    private ReadFunction(TouristStore store, Optional<HikariDataSource> pool) {
        this.store = store;
        this.pool = pool;
    }

    @Override
    public APIGatewayV2HTTPResponse handleRequest(APIGatewayV2HTTPEvent event, Context context) {
        return PowertoolsLogging.withLogging(context,
                () -> HttpDispatch.dispatch(event, Route.Function.READ, this::read));
    }

    @Override
    public void beforeCheckpoint(org.crac.Context<? extends Resource> context) {
        ReadPriming.run();
    }

    @Override
    public void afterRestore(org.crac.Context<? extends Resource> context) {
        pool.ifPresent(Databases::reopen);
    }

    /** Closes the pool {@link #ReadFunction(FunctionSetup)} built: the local runtime discards environments. */
    @Override
    public void close() {
        pool.ifPresent(HikariDataSource::close);
    }

    private APIGatewayV2HTTPResponse read(Route route, Optional<UUID> touristId, APIGatewayV2HTTPEvent event,
                                          String correlationId) {
        var id = touristId.orElseThrow();
        try {
            return store.find(id)
                    .map(stored -> HttpResponses.json(200, TouristView.of(stored), Map.of()))
                    .orElseGet(() -> HttpResponses.problem(Problem.of(404, "Not Found", "no tourist " + id)));
        } catch (StoreException e) {
            LOG.error("read failed", e);
            return HttpResponses.unavailable("the database is unavailable");
        }
    }
}
