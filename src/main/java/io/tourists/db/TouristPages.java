package io.tourists.db;

import io.tourists.domain.WriteVersion;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import javax.sql.DataSource;

/**
 * Tourists in bulk: pages of live tourists by id (GET /tourists), and the changes feed (GET /tourists/changes).
 * Both are keyset reads on an index (V5): the cost of a page does not grow with the table or the page number.
 */
public final class TouristPages {

    private static final String COLUMNS = """
            tourist_id, deleted, first_name, last_name, email, nationality, date_of_birth, passport_number,
            version_at, version_write_id, updated_at""";

    /**
     * The feed below the visibility horizon: rows changed by transactions older than the oldest one still running.
     * A transaction that commits late has an id at or above the horizon, so it is read on a later poll, after
     * every row already handed out: nothing is skipped. {@code gone}: pruning deleted a tombstone after the
     * client's position, which the client may never have seen.
     */
    static final String CHANGES = """
            with h as (
                select pg_snapshot_xmin(pg_current_snapshot()) as horizon,
                       coalesce((select (through_xid, through_id) > (?::text::xid8, ?::uuid) from tourist_feed_pruned),
                                false) as gone
            )
            select h.horizon::text as horizon, h.gone, t.change_xid::text as change_xid, t.*
            from h left join lateral (
                select change_xid, %s
                from tourist
                where (change_xid, tourist_id) > (?::text::xid8, ?::uuid) and change_xid < h.horizon and not h.gone
                order by change_xid, tourist_id
                limit ?
            ) t on true
            """.formatted(COLUMNS);

    private static final String HORIZON = "select pg_snapshot_xmin(pg_current_snapshot())::text";

    /** What the listing may be narrowed to; empty matches all. */
    public record Filter(Optional<String> nationality, Optional<Instant> updatedSince) {
        public static final Filter NONE = new Filter(Optional.empty(), Optional.empty());
    }

    /** One change: a live tourist's current state, or the tombstone a delete left. */
    public sealed interface Change {
        UUID touristId();

        record Live(StoredTourist tourist) implements Change {
            @Override
            public UUID touristId() {
                return tourist.touristId();
            }
        }

        record Tombstone(UUID touristId, WriteVersion version, Instant updatedAt) implements Change {}
    }

    /** A page of the feed, or the news that the client's position is older than what pruning kept. */
    public sealed interface Changes {
        /** {@code next}: where to read on from; {@code more}: whether rows past it are already visible. */
        record Page(List<Change> changes, FeedPosition next, boolean more) implements Changes {}

        record Gone() implements Changes {}
    }

    private final DataSource dataSource;

    public TouristPages(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    /**
     * Up to {@code limit} live tourists with an id after {@code after} (from the first when empty), by id. Each
     * page is its own statement: a tourist written between pages keeps its place, so paging never repeats or
     * skips one, and a tourist deleted before its page is reached is not shown.
     */
    public List<StoredTourist> list(Optional<UUID> after, Filter filter, int limit) {
        try (var connection = dataSource.getConnection();
             var statement = connection.prepareStatement(listing(after.isPresent(), filter))) {
            int index = 1;
            if (after.isPresent()) {
                statement.setObject(index++, after.get());
            }
            if (filter.nationality().isPresent()) {
                statement.setString(index++, filter.nationality().get());
            }
            if (filter.updatedSince().isPresent()) {
                statement.setTimestamp(index++, Timestamp.from(filter.updatedSince().get()));
            }
            statement.setInt(index, limit);
            var page = new ArrayList<StoredTourist>();
            try (var rows = statement.executeQuery()) {
                while (rows.next()) {
                    page.add(TouristStore.storedTourist(rows));
                }
            }
            return page;
        } catch (SQLException e) {
            throw SqlErrors.translate("listing tourists", e);
        }
    }

    /** The listing's statement with only the conditions asked for, so each shape gets its own plan. */
    static String listing(boolean after, Filter filter) {
        var sql = new StringBuilder("select ").append(COLUMNS).append(" from tourist where not deleted");
        if (after) {
            sql.append(" and tourist_id > ?");
        }
        filter.nationality().ifPresent(code -> sql.append(" and nationality = ?"));
        filter.updatedSince().ifPresent(at -> sql.append(" and updated_at >= ?"));
        return sql.append(" order by tourist_id limit ?").toString();
    }

    /**
     * Where the feed stands now: a client that copies the listing and then follows the feed from here misses
     * nothing that changed while it listed. Taken before the listing's first page.
     */
    public FeedPosition feedHorizon() {
        try (var connection = dataSource.getConnection();
             var statement = connection.prepareStatement(HORIZON);
             var rows = statement.executeQuery()) {
            rows.next();
            return FeedPosition.below(Long.parseLong(rows.getString(1)));
        } catch (SQLException e) {
            throw SqlErrors.translate("reading the feed's horizon", e);
        }
    }

    /** Up to {@code limit} changes after {@code after}, in feed order. */
    public Changes changes(FeedPosition after, int limit) {
        try (var connection = dataSource.getConnection();
             var statement = connection.prepareStatement(CHANGES)) {
            bind(statement, after, limit);
            var changes = new ArrayList<Change>();
            var last = after;
            long horizon = 0;
            try (var rows = statement.executeQuery()) {
                while (rows.next()) {
                    if (rows.getBoolean("gone")) {
                        return new Changes.Gone();
                    }
                    horizon = Long.parseLong(rows.getString("horizon"));
                    if (rows.getString("change_xid") != null) {
                        changes.add(change(rows));
                        last = new FeedPosition(Long.parseLong(rows.getString("change_xid")),
                                rows.getObject("tourist_id", UUID.class));
                    }
                }
            }
            if (changes.size() == limit) {
                return new Changes.Page(changes, last, true);
            }
            var caughtUp = FeedPosition.below(horizon);
            return new Changes.Page(changes, caughtUp.compareTo(last) > 0 ? caughtUp : last, false);
        } catch (SQLException e) {
            throw SqlErrors.translate("reading the changes feed", e);
        }
    }

    private static void bind(PreparedStatement statement, FeedPosition after, int limit) throws SQLException {
        statement.setString(1, Long.toString(after.xid()));
        statement.setObject(2, after.touristId());
        statement.setString(3, Long.toString(after.xid()));
        statement.setObject(4, after.touristId());
        statement.setInt(5, limit);
    }

    private static Change change(ResultSet row) throws SQLException {
        if (!row.getBoolean("deleted")) {
            return new Change.Live(TouristStore.storedTourist(row));
        }
        return new Change.Tombstone(row.getObject("tourist_id", UUID.class),
                new WriteVersion(row.getTimestamp("version_at").toInstant(), row.getObject("version_write_id", UUID.class)),
                row.getTimestamp("updated_at").toInstant());
    }
}
