package io.tourists.read;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.tourists.db.TouristPages.Change;
import java.time.Instant;
import java.util.UUID;

/**
 * One entry of GET /tourists/changes: the tourist's current state ({@code deleted} false, with every field of
 * GET /tourists/{id}), or a tombstone ({@code deleted} true: only the id, the version and when it was stored).
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ChangeView(UUID touristId, boolean deleted, TouristView tourist, TouristView.Version version,
                         Instant updatedAt) {

    static ChangeView of(Change change) {
        return switch (change) {
            case Change.Live live -> {
                var view = TouristView.of(live.tourist());
                yield new ChangeView(view.touristId(), false, view, view.version(), view.updatedAt());
            }
            case Change.Tombstone tombstone -> new ChangeView(tombstone.touristId(), true, null,
                    new TouristView.Version(tombstone.version().occurredAt(), tombstone.version().writeId()),
                    tombstone.updatedAt());
        };
    }
}
