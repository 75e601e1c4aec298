package io.tourists.sync;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.tourists.domain.FieldError;
import io.tourists.domain.Ids;
import io.tourists.domain.Tourist;
import io.tourists.domain.TouristRules;
import io.tourists.domain.TouristWrite;
import io.tourists.domain.Validation;
import io.tourists.json.Json;
import io.tourists.json.TouristJson;
import io.tourists.queue.WriteEnvelope;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/**
 * Turns the rows of an import file into writes, checked with the rules the API applies
 * ({@link TouristJson}, {@link TouristRules}) and encoded and decoded again as the consumer will read them
 * ({@link WriteEnvelope}). Every id is derived from stable input, so the same file gives the same writes on every
 * run:
 * <ul>
 *   <li>touristId: the row's {@code touristId}; else derived from the {@code --key} columns' values; else
 *       derived from the row's tourist fields;</li>
 *   <li>occurredAt: one time for the whole file (the file's last-modified time, or {@code --occurred-at});</li>
 *   <li>writeId: derived from the touristId, the occurredAt and the row's tourist fields.</li>
 * </ul>
 * A re-run of an unchanged file therefore sends writes the consumer has already claimed (duplicates) or whose
 * version equals the stored one: nothing changes. A newer file (a later time) with a changed row gives a newer
 * version, which wins. Ids are {@link Ids#derived} (plain SHA-256): the importer is a trusted tool.
 */
public final class RowWrites {

    public static final String TOURIST_ID = "touristId";
    private static final String NAMESPACE = "tourists-import/v1";

    /**
     * A row that became a write (or a delete a sync derived): the envelope as it is sent, and the SHA-256 of the
     * tourist's fields as they are sent, which tells a sync whether the row changed since it was last sent.
     */
    public record RowWrite(int line, TouristWrite write, String body, String contentHash) {

        /** A delete of a tourist that vanished from a source's complete listing, numbered after its rows. */
        public static RowWrite delete(int line, UUID touristId, Instant occurredAt) {
            var write = new TouristWrite.Delete(Ids.derived(NAMESPACE + " delete " + touristId + " " + occurredAt),
                    touristId, occurredAt);
            return new RowWrite(line, write, WriteEnvelope.encode(write), "");
        }
    }

    /**
     * A row that did not: every reason, none quoting the row's values, and the tourist it names when that is
     * known without its fields (its touristId, or its valid key columns), else null.
     */
    public record RowError(int line, List<FieldError> errors, UUID touristId) {}

    /** The outcome for a whole file, rows in file order. */
    public record Checked(List<RowWrite> writes, List<RowError> refused) {
        public int rows() {
            return writes.size() + refused.size();
        }
    }

    private final TouristJson touristJson;
    private final WriteEnvelope envelope;
    private final Instant occurredAt;
    private final List<String> keyColumns;

    public RowWrites(Clock clock, Instant occurredAt, List<String> keyColumns) {
        this.touristJson = new TouristJson(new TouristRules(clock));
        this.envelope = WriteEnvelope.withRules(clock);
        this.occurredAt = occurredAt;
        this.keyColumns = List.copyOf(keyColumns);
    }

    /** The columns a file may have: the tourist's fields, touristId, and the key columns. */
    public Set<String> knownColumns() {
        var known = new LinkedHashSet<String>(TouristRules.FIELDS);
        known.add(TOURIST_ID);
        known.addAll(keyColumns);
        return known;
    }

    /**
     * Checks every row, on every core (a row's check stands alone: 10,000 rows take about a second on one core
     * of the 2-core development machine), then finds the rows that name one tourist twice, in file order.
     */
    public Checked check(List<SourceRow> rows) {
        return check(rows, new HashMap<>());
    }

    /**
     * The same for one part of a longer source (a chunk of a file, a page), read in order: {@code firstLineOfTourist}
     * carries the tourists of the parts before it, and gains this part's.
     */
    public Checked check(List<SourceRow> rows, Map<UUID, Integer> firstLineOfTourist) {
        var writes = new ArrayList<RowWrite>();
        var refused = new ArrayList<RowError>();
        var checked = rows.parallelStream().map(this::check).toList();
        for (int i = 0; i < rows.size(); i++) {
            var row = rows.get(i);
            switch (checked.get(i)) {
                case Validation.Invalid<RowWrite> invalid ->
                        refused.add(new RowError(row.line(), invalid.errors(), knownTouristId(row)));
                case Validation.Valid<RowWrite> valid -> {
                    var touristId = valid.value().write().touristId();
                    var earlier = firstLineOfTourist.putIfAbsent(touristId, row.line());
                    if (earlier == null) {
                        writes.add(valid.value());
                    } else {
                        // One time for the whole file: two rows for one tourist could not say which is newer.
                        refused.add(new RowError(row.line(), List.of(new FieldError(TOURIST_ID, "duplicate",
                                "is the same tourist as line " + earlier + "; a file holds one row per tourist")),
                                touristId));
                    }
                }
            }
        }
        return new Checked(writes, refused);
    }

    public Validation<RowWrite> check(SourceRow row) {
        if (!row.errors().isEmpty()) {
            return Validation.invalid(row.errors());
        }
        var errors = new ArrayList<FieldError>();
        var fields = row.fields();
        var touristFields = Json.MAPPER.createObjectNode();
        fields.properties().forEach(field -> {
            var name = field.getKey();
            if (TouristRules.FIELDS.contains(name) || !TOURIST_ID.equals(name) && !keyColumns.contains(name)) {
                // Unknown fields stay in: the tourist's reader reports them, as the API does.
                touristFields.set(name, field.getValue());
            }
        });
        var givenId = touristId(fields, errors);
        var key = key(fields, givenId != null, errors);
        Tourist tourist = switch (touristJson.read(touristFields)) {
            case Validation.Valid<Tourist> valid -> valid.value();
            case Validation.Invalid<Tourist> invalid -> {
                errors.addAll(invalid.errors());
                yield null;
            }
        };
        if (!errors.isEmpty()) {
            return Validation.invalid(errors);
        }
        var content = Json.write(TouristJson.write(tourist));
        var touristId = givenId != null ? givenId
                : Ids.derived(NAMESPACE + " tourist " + (key != null ? "key " + key : "content " + content));
        var writeId = Ids.derived(NAMESPACE + " write " + touristId + " " + occurredAt + " " + content);
        var body = WriteEnvelope.encode(new TouristWrite.Upsert(writeId, touristId, occurredAt, tourist));
        // Decoded as the consumer will decode it: what would be parked on arrival is refused here instead.
        return switch (envelope.decode(body)) {
            case Validation.Valid<TouristWrite> valid ->
                    Validation.valid(new RowWrite(row.line(), valid.value(), body, Ids.derived(content).toString()));
            case Validation.Invalid<TouristWrite> invalid -> Validation.invalid(invalid.errors());
        };
    }

    /** The tourist a refused row names without its tourist fields: its touristId, or its key; else null. */
    private UUID knownTouristId(SourceRow row) {
        if (row.fields() == null) {
            return null;
        }
        var ignored = new ArrayList<FieldError>();
        var givenId = touristId(row.fields(), ignored);
        if (givenId != null) {
            return givenId;
        }
        var key = key(row.fields(), false, ignored);
        return key == null || !ignored.isEmpty() ? null : Ids.derived(NAMESPACE + " tourist key " + key);
    }

    private static UUID touristId(ObjectNode fields, List<FieldError> errors) {
        var value = fields.get(TOURIST_ID);
        if (value == null || value.isNull()) {
            return null;
        }
        var id = value.isTextual() ? Ids.parse(value.textValue().strip()) : java.util.Optional.<UUID>empty();
        if (id.isEmpty()) {
            errors.add(new FieldError(TOURIST_ID, "invalid", "must be a UUID in canonical form"));
            return null;
        }
        return id.get();
    }

    /** The key columns' values, each length-prefixed so that ("ab","c") and ("a","bc") differ; null when unused. */
    private String key(ObjectNode fields, boolean hasTouristId, List<FieldError> errors) {
        if (keyColumns.isEmpty() || hasTouristId) {
            return null;
        }
        var key = new StringBuilder();
        for (var column : keyColumns) {
            var value = fields.get(column);
            if (value == null || value.isNull() || !value.isValueNode() || value.asText().isBlank()) {
                errors.add(new FieldError(column, "required", "is a key column (--key): it needs a value"));
                continue;
            }
            var text = value.asText().strip();
            key.append(column).append('=').append(text.length()).append(':').append(text).append(';');
        }
        return key.toString();
    }
}
