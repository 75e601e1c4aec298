package io.tourists.api;

import com.fasterxml.jackson.databind.JsonNode;
import io.tourists.domain.FieldError;
import io.tourists.domain.Ids;
import io.tourists.domain.Tourist;
import io.tourists.domain.Validation;
import io.tourists.json.TouristJson;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

/**
 * Reads the body of {@code POST /tourists/batch}: {@code {"writes":[item, ...]}}, 1 to {@value #MAX_ITEMS}
 * items, each checked on its own with the tourist rules of the single writes:
 *
 * <pre>
 * {"action":"create",  "tourist":{...}}
 * {"action":"replace", "touristId":"&lt;uuid&gt;", "tourist":{...}}
 * {"action":"delete",  "touristId":"&lt;uuid&gt;"}
 * </pre>
 *
 * An item's errors name its fields as the item writes them ({@code touristId}, {@code tourist.email}); no error
 * quotes a value.
 */
final class BatchItems {

    static final int MAX_ITEMS = 100;
    static final String WRITES = "writes";
    private static final Set<String> ITEM_FIELDS = Set.of("action", "touristId", "tourist");

    private BatchItems() {
    }

    /** What an item asks for; each is the single write of the same name. */
    enum Action {
        CREATE, REPLACE, DELETE;

        String jsonName() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    /** One item of the batch: a write to send, or the reasons it was refused. */
    sealed interface Item {
        record Valid(Action action, Optional<UUID> touristId, Optional<Tourist> tourist) implements Item {}

        record Invalid(List<FieldError> errors) implements Item {}
    }

    /** The items in order, or why the body as a whole cannot be read as a batch. */
    sealed interface Read {
        record Items(List<Item> items) implements Read {}

        /** The body is not a batch: 400 with these errors. */
        record NotABatch(List<FieldError> errors) implements Read {}

        /** More items than a batch may hold: 413. */
        record TooMany(int items) implements Read {}
    }

    static Read read(JsonNode root, TouristJson touristJson) {
        if (root == null || !root.isObject()) {
            return new Read.NotABatch(List.of(new FieldError("$", "type", "must be a JSON object: {\"writes\":[...]}")));
        }
        var errors = new ArrayList<FieldError>();
        root.fieldNames().forEachRemaining(name -> {
            if (!name.equals(WRITES)) {
                errors.add(new FieldError(name, "unknown", "is not a batch field"));
            }
        });
        var writes = root.get(WRITES);
        if (writes == null || writes.isNull()) {
            errors.add(new FieldError(WRITES, "required", "is required: an array of 1 to " + MAX_ITEMS + " writes"));
        } else if (!writes.isArray()) {
            errors.add(new FieldError(WRITES, "type", "must be an array of writes"));
        } else if (writes.isEmpty()) {
            errors.add(new FieldError(WRITES, "invalid", "must hold at least one write"));
        }
        if (!errors.isEmpty()) {
            return new Read.NotABatch(errors);
        }
        if (writes.size() > MAX_ITEMS) {
            return new Read.TooMany(writes.size());
        }
        var items = new ArrayList<Item>(writes.size());
        writes.forEach(node -> items.add(item(node, touristJson)));
        return new Read.Items(items);
    }

    /**
     * One error for each valid item that names a tourist an earlier valid item names ({@code writes[3].touristId}):
     * a batch must name each tourist once, so that no retry can reorder two writes to it.
     */
    static List<FieldError> sameTouristTwice(List<Item> items) {
        var first = new HashMap<UUID, Integer>();
        var errors = new ArrayList<FieldError>();
        for (int i = 0; i < items.size(); i++) {
            if (items.get(i) instanceof Item.Valid valid && valid.touristId().isPresent()) {
                var earlier = first.putIfAbsent(valid.touristId().get(), i);
                if (earlier != null) {
                    errors.add(new FieldError(WRITES + "[" + i + "].touristId", "duplicate", "names the same tourist as "
                            + WRITES + "[" + earlier + "]: send one write per tourist in a batch, and a second write"
                            + " to it once the first is accepted"));
                }
            }
        }
        return errors;
    }

    private static Item item(JsonNode node, TouristJson touristJson) {
        if (!node.isObject()) {
            return new Item.Invalid(List.of(new FieldError("$", "type", "must be a JSON object")));
        }
        var errors = new ArrayList<FieldError>();
        node.fieldNames().forEachRemaining(name -> {
            if (!ITEM_FIELDS.contains(name)) {
                errors.add(new FieldError(name, "unknown", "is not a field of a batch write"));
            }
        });
        var action = action(node.get("action"), errors);
        var touristId = touristId(node.get("touristId"), action, errors);
        var tourist = tourist(node.get("tourist"), action, touristJson, errors);
        if (!errors.isEmpty()) {
            return new Item.Invalid(errors);
        }
        return new Item.Valid(action.orElseThrow(), touristId, tourist);
    }

    private static Optional<Action> action(JsonNode value, List<FieldError> errors) {
        if (value == null || value.isNull()) {
            errors.add(new FieldError("action", "required", "is required: create, replace or delete"));
        } else if (!value.isTextual()) {
            errors.add(new FieldError("action", "type", "must be a string"));
        } else {
            for (var action : Action.values()) {
                if (action.jsonName().equals(value.textValue())) {
                    return Optional.of(action);
                }
            }
            errors.add(new FieldError("action", "invalid", "must be create, replace or delete"));
        }
        return Optional.empty();
    }

    private static Optional<UUID> touristId(JsonNode value, Optional<Action> action, List<FieldError> errors) {
        boolean absent = value == null || value.isNull();
        if (action.isPresent() && action.get() == Action.CREATE) {
            if (!absent) {
                errors.add(new FieldError("touristId", "invalid",
                        "is not allowed with create, which makes a new id: use replace to write a tourist by its id"));
            }
            return Optional.empty();
        }
        if (absent) {
            if (action.isPresent()) {
                errors.add(new FieldError("touristId", "required", "is required with " + action.get().jsonName()));
            }
            return Optional.empty();
        }
        if (!value.isTextual()) {
            errors.add(new FieldError("touristId", "type", "must be a string"));
            return Optional.empty();
        }
        var id = Ids.parse(value.textValue());
        if (id.isEmpty()) {
            errors.add(new FieldError("touristId", "invalid", "must be a UUID in canonical form"));
        }
        return id;
    }

    private static Optional<Tourist> tourist(JsonNode value, Optional<Action> action, TouristJson touristJson,
                                             List<FieldError> errors) {
        boolean absent = value == null || value.isNull();
        if (action.isPresent() && action.get() == Action.DELETE) {
            if (!absent) {
                errors.add(new FieldError("tourist", "invalid", "is not allowed with delete"));
            }
            return Optional.empty();
        }
        if (absent) {
            if (action.isPresent()) {
                errors.add(new FieldError("tourist", "required", "is required with " + action.get().jsonName()));
            }
            return Optional.empty();
        }
        return switch (touristJson.read(value)) {
            case Validation.Valid<Tourist> valid -> Optional.of(valid.value());
            case Validation.Invalid<Tourist> invalid -> {
                invalid.errors().forEach(error -> errors.add(error.field().equals("$")
                        ? new FieldError("tourist", error.code(), error.message())
                        : error.withPrefix("tourist")));
                yield Optional.empty();
            }
        };
    }
}
