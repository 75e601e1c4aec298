package io.tourists.read;

import io.tourists.db.FeedPosition;
import io.tourists.domain.Ids;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Optional;
import java.util.UUID;

/**
 * The opaque cursors of GET /tourists and GET /tourists/changes: base64url (no padding) of a short text that
 * says which read it belongs to and where it stands. Clients pass them back untouched; anything else is a 400.
 *
 * <pre>
 * listing:  L1|lastTouristId|feedXid|feedTouristId   (the feed position taken before the first page)
 * feed:     C1|xid|touristId
 * </pre>
 */
final class Cursors {

    private static final String LISTING = "L1";
    private static final String FEED = "C1";
    /** Far longer than any cursor made here: a longer one is not read at all. */
    private static final int MAX_LENGTH = 200;

    /** Where a listing stands: after this tourist, with the feed position its first page was given. */
    record Listing(UUID after, FeedPosition feed) {}

    private Cursors() {
    }

    static String listing(Listing cursor) {
        return encode(LISTING + "|" + cursor.after() + "|" + feedText(cursor.feed()));
    }

    static String feed(FeedPosition position) {
        return encode(FEED + "|" + feedText(position));
    }

    static Optional<Listing> readListing(String cursor) {
        return decode(cursor).map(text -> text.split("\\|", -1))
                .filter(parts -> parts.length == 4 && parts[0].equals(LISTING))
                .flatMap(parts -> Ids.parse(parts[1]).flatMap(after -> position(parts[2], parts[3])
                        .map(feed -> new Listing(after, feed))));
    }

    static Optional<FeedPosition> readFeed(String cursor) {
        return decode(cursor).map(text -> text.split("\\|", -1))
                .filter(parts -> parts.length == 3 && parts[0].equals(FEED))
                .flatMap(parts -> position(parts[1], parts[2]));
    }

    private static String feedText(FeedPosition position) {
        return position.xid() + "|" + position.touristId();
    }

    private static Optional<FeedPosition> position(String xid, String touristId) {
        if (!xid.matches("\\d{1,18}")) {
            return Optional.empty();
        }
        return Ids.parse(touristId).map(id -> new FeedPosition(Long.parseLong(xid), id));
    }

    private static String encode(String text) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(text.getBytes(StandardCharsets.US_ASCII));
    }

    private static Optional<String> decode(String cursor) {
        if (cursor.isEmpty() || cursor.length() > MAX_LENGTH) {
            return Optional.empty();
        }
        try {
            return Optional.of(new String(Base64.getUrlDecoder().decode(cursor), StandardCharsets.US_ASCII));
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }
}
