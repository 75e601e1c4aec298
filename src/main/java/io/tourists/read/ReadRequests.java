package io.tourists.read;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import io.tourists.db.StoreException;
import io.tourists.db.TouristPages;
import io.tourists.db.TouristStore;
import io.tourists.db.WriteHistory;
import io.tourists.db.WriteHistory.WriteRecord;
import io.tourists.domain.WriteRetention;
import io.tourists.http.EntityTags;
import io.tourists.http.HttpRequests;
import io.tourists.http.HttpResponses;
import io.tourists.http.Problem;
import io.tourists.http.Routes;
import java.time.Clock;
import java.util.Map;
import java.util.UUID;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The read function's work for one request: a tourist (GET /tourists/{id}), what became of one write
 * (GET /tourists/{id}/writes/{writeId}), or a page of tourists or of changes ({@link BulkReads}). One query
 * each (the first page of a listing adds one for the feed position).
 */
public final class ReadRequests {

    /** How soon a client may ask again about a pending write: most writes are applied within a second or two. */

    private static final Logger LOG = LoggerFactory.getLogger(ReadRequests.class);

    private final TouristStore tourists;
    private final BulkReads bulk;
    private final WriteHistory history;
    private final WriteRetention retention;
    private final Clock clock;

    public ReadRequests(TouristStore tourists, TouristPages pages, WriteHistory history, WriteRetention retention,
                        Clock clock) {
        this.tourists = tourists;
        this.bulk = new BulkReads(pages);
        this.history = history;
        this.retention = retention;
        this.clock = clock;
    }

    /** Every read from one database. */
    public static ReadRequests of(DataSource database, WriteRetention retention, Clock clock) {
        return new ReadRequests(new TouristStore(database), new TouristPages(database), new WriteHistory(database),
                retention, clock);
    }

    public APIGatewayV2HTTPResponse handle(Routes.Match.Found request, APIGatewayV2HTTPEvent event,
                                           String correlationId) {
        try {
            return switch (request.route()) {
                case LIST -> bulk.list(event);
                case CHANGES -> bulk.changes(event);
                case WRITE_STATUS -> writeStatus(request.touristId().orElseThrow(), request.writeId().orElseThrow());
                default -> tourist(request.touristId().orElseThrow(), event);
            };
        } catch (StoreException e) {
            LOG.error("read failed", e);
            return HttpResponses.unavailable("the database is unavailable");
        }
    }

    /** 200 with the ETag of the version, or 304 when {@code If-None-Match} names it. */
    private APIGatewayV2HTTPResponse tourist(UUID touristId, APIGatewayV2HTTPEvent event) {
        return tourists.find(touristId)
                .map(stored -> {
                    var etag = EntityTags.of(stored.version().writeId());
                    return EntityTags.notModified(HttpRequests.header(event, EntityTags.IF_NONE_MATCH), etag)
                            ? HttpResponses.notModified(etag)
                            : HttpResponses.revalidatable(TouristView.of(stored), etag);
                })
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
