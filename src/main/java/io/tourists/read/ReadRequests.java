package io.tourists.read;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import io.tourists.db.StoreException;
import io.tourists.db.TouristStore;
import io.tourists.db.WriteHistory;
import io.tourists.db.WriteHistory.WriteRecord;
import io.tourists.domain.WriteRetention;
import io.tourists.http.HttpResponses;
import io.tourists.http.Problem;
import io.tourists.http.Route;
import io.tourists.http.Routes;
import java.time.Clock;
import java.util.Map;
import java.util.UUID;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The read function's work for one request: a tourist (GET /tourists/{id}), or what became of one write
 * (GET /tourists/{id}/writes/{writeId}). One query each.
 */
public final class ReadRequests {

    /** How soon a client may ask again about a pending write: most writes are applied within a second or two. */

    private static final Logger LOG = LoggerFactory.getLogger(ReadRequests.class);

    private final TouristStore tourists;
    private final WriteHistory history;
    private final WriteRetention retention;
    private final Clock clock;

    public ReadRequests(TouristStore tourists, WriteHistory history, WriteRetention retention, Clock clock) {
        this.tourists = tourists;
        this.history = history;
        this.retention = retention;
        this.clock = clock;
    }

    /** Both reads from one database. */
    public static ReadRequests of(DataSource database, WriteRetention retention, Clock clock) {
        return new ReadRequests(new TouristStore(database), new WriteHistory(database), retention, clock);
    }

    public APIGatewayV2HTTPResponse handle(Routes.Match.Found request, APIGatewayV2HTTPEvent event,
                                           String correlationId) {
        var touristId = request.touristId().orElseThrow();
        try {
            return request.route() == Route.WRITE_STATUS
                    ? writeStatus(touristId, request.writeId().orElseThrow())
                    : tourist(touristId);
        } catch (StoreException e) {
            LOG.error("read failed", e);
            return HttpResponses.unavailable("the database is unavailable");
        }
    }

    private APIGatewayV2HTTPResponse tourist(UUID touristId) {
        return tourists.find(touristId)
                .map(stored -> HttpResponses.json(200, TouristView.of(stored), Map.of()))
                .orElseGet(() -> HttpResponses.problem(Problem.of(404, "Not Found", "no tourist " + touristId)));
    }

    /**
     * Applied or superseded from {@code applied_write}, or applied when the tourist's row still carries the
     * write's version (its applied record may have been pruned); rejected from {@code write_rejection}; with no record,
     * pending, since the API keeps no store of what it accepted: unless the writeId is a UUIDv7 older than
     * the retention window, whose write can no longer be applied and whose record, if any, was pruned.
     */
    private APIGatewayV2HTTPResponse writeStatus(UUID touristId, UUID writeId) {
        var record = history.find(touristId, writeId);
        if (record.isPresent() && !record.get().touristId().equals(touristId)) {
            return HttpResponses.problem(Problem.of(404, "Not Found",
                    "write " + writeId + " is not a write to tourist " + touristId));
        }
        if (record.isEmpty()) {
            if (retention.idIsOlderThanWindow(writeId, clock.instant())) {
                return HttpResponses.problem(Problem.of(404, "Not Found", "write " + writeId + " is older than the "
                        + retention.days() + "-day retention window: what became of it is no longer kept"));
            }
            return HttpResponses.json(200, WriteStatusView.of(touristId, writeId, WriteStatusView.PENDING),
                    HttpResponses.RETRY_AFTER);
        }
        var view = switch (record.get()) {
            case WriteRecord.Applied applied -> WriteStatusView.of(touristId, writeId,
                    applied.current() ? WriteStatusView.APPLIED : WriteStatusView.SUPERSEDED);
            case WriteRecord.Rejected rejected -> new WriteStatusView(touristId, writeId, WriteStatusView.REJECTED,
                    rejected.reason(), rejected.errors());
        };
        return HttpResponses.json(200, view, Map.of());
    }
}
