package io.tourists.json;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.tourists.domain.FieldError;
import io.tourists.domain.Tourist;
import io.tourists.domain.TouristDraft;
import io.tourists.domain.TouristRules;
import io.tourists.domain.UnknownFields;
import io.tourists.domain.Validation;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads and writes the JSON form of a tourist: a flat object of string fields named as in
 * {@link TouristRules#FIELDS}. Reading is strict (unknown fields and non-string values are errors),
 * and every problem is reported at once, JSON-shape errors and rule errors together.
 */
public final class TouristJson {

    private final TouristRules rules;

    public TouristJson(TouristRules rules) {
        this.rules = rules;
    }

    public Validation<Tourist> read(JsonNode node) {
        if (node == null || !node.isObject()) {
            return Validation.invalid(List.of(new FieldError("$", "type", "must be a JSON object")));
        }
        var shapeErrors = new ArrayList<>(UnknownFields.errors(node.fieldNames(), TouristRules.FIELDS,
                "is not a tourist field"));
        var draft = new TouristDraft(
                text(node, "firstName", shapeErrors),
                text(node, "lastName", shapeErrors),
                text(node, "email", shapeErrors),
                text(node, "nationality", shapeErrors),
                text(node, "dateOfBirth", shapeErrors),
                text(node, "passportNumber", shapeErrors));
        var checked = rules.validate(draft);
        if (shapeErrors.isEmpty()) {
            return checked;
        }
        var errors = new ArrayList<>(shapeErrors);
        if (checked instanceof Validation.Invalid<Tourist> invalid) {
            invalid.errors().stream()
                    .filter(error -> shapeErrors.stream().noneMatch(shape -> shape.field().equals(error.field())))
                    .forEach(errors::add);
        }
        return Validation.invalid(errors);
    }

    public static ObjectNode write(Tourist tourist) {
        var node = Json.MAPPER.createObjectNode()
                .put("firstName", tourist.firstName())
                .put("lastName", tourist.lastName())
                .put("email", tourist.email())
                .put("nationality", tourist.nationality())
                .put("dateOfBirth", tourist.dateOfBirth().toString());
        tourist.passportNumber().ifPresent(passport -> node.put("passportNumber", passport));
        return node;
    }

    /** The field's text, null when absent or JSON null; a non-string value is a type error. */
    private static String text(JsonNode node, String field, List<FieldError> errors) {
        var value = node.get(field);
        if (value == null || value.isNull()) {
            return null;
        }
        if (!value.isTextual()) {
            errors.add(new FieldError(field, "type", "must be a string"));
            return null;
        }
        return value.textValue();
    }
}
