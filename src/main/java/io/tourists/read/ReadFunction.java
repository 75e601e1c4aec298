package io.tourists.read;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import com.zaxxer.hikari.HikariDataSource;
import io.tourists.db.Databases;
import io.tourists.domain.WriteRetention;
import io.tourists.http.HttpDispatch;
import io.tourists.http.Route;
import io.tourists.lambda.FunctionSetup;
import io.tourists.lambda.HttpEventJson;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.Optional;
import org.crac.Core;
import org.crac.Resource;
import software.amazon.lambda.powertools.logging.PowertoolsLogging;

/**
 * GET /tourists/{id}: 200 with the stored tourist and its version, 404 when absent or deleted; and
 * GET /tourists/{id}/writes/{writeId}: what became of a write. Reads go to PostgreSQL through a pool of one,
 * so this function's reserved concurrency caps its connections.
 *
 * <p>Environment: {@code DB_URL}, {@code DB_SECRET_ARN} or {@code DB_USER} and {@code DB_PASSWORD},
 * optional {@code DB_POOL_SIZE}, {@code WRITE_RETENTION_DAYS} (the consumer's window: a UUIDv7 writeId older
 * than it, with no record, reads as 404 rather than pending; default 20).
 *
 * <p>With SnapStart, {@link #beforeCheckpoint} serializes a sample answer without I/O, and
 * {@link #afterRestore} makes the pool open fresh connections with fresh credentials.
 */
public final class ReadFunction implements RequestHandler<APIGatewayV2HTTPEvent, APIGatewayV2HTTPResponse>, RequestStreamHandler,
        Resource, AutoCloseable {

    private final ReadRequests requests;
    /** The pool this function built itself; empty when the caller passed the requests in. */
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
        this(setup, Databases.fromEnvironment(setup.env(), setup.aws()::secrets, "tourists-read"));
    }

    private ReadFunction(FunctionSetup setup, HikariDataSource pool) {
        this(ReadRequests.of(pool, WriteRetention.fromEnvironment(setup.env()), setup.clock()), Optional.of(pool));
    }

    /** With collaborators, for tests. */
    public ReadFunction(ReadRequests requests) {
        this(requests, Optional.empty());
    }

    private ReadFunction(ReadRequests requests, Optional<HikariDataSource> pool) {
        this.requests = requests;
        this.pool = pool;
    }

    /** Lambda's entry, as the write API's ({@link io.tourists.api.ApiFunction#handleRequest(InputStream, OutputStream, Context)}). */
    @Override
    public void handleRequest(InputStream event, OutputStream response, Context context) throws IOException {
        HttpEventJson.write(handleRequest(HttpEventJson.read(event), context), response);
    }

    /** The local runtime's and the tests' entry, with the event as a value. */
    @Override
    public APIGatewayV2HTTPResponse handleRequest(APIGatewayV2HTTPEvent event, Context context) {
        return PowertoolsLogging.withLogging(context,
                () -> HttpDispatch.dispatch(event, Route.Function.READ, requests::handle));
    }

    @Override
    public void beforeCheckpoint(org.crac.Context<? extends Resource> context) {
        ReadPriming.run();
        pool.ifPresent(Databases::prime);
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
}
