package io.tourists.json;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import java.io.UncheckedIOException;

/** The one ObjectMapper of the project, configured once and shared: it is thread-safe once built. */
public final class Json {

    public static final ObjectMapper MAPPER = JsonMapper.builder()
            .addModule(new JavaTimeModule())
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
            // "{...} garbage" is not JSON: without this, readTree stops after the first value.
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION)
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
            .build();

    static {
        // A tourist is a few hundred bytes; refuse pathological nesting early. No field is a number of more than
        // 100 digits: a longer one is refused before it is parsed, so jackson-core's parser for numbers of 500
        // digits and more (left out of the function jars, pom.xml) is never reached.
        MAPPER.getFactory().setStreamReadConstraints(
                StreamReadConstraints.builder().maxNestingDepth(32).maxNumberLength(100).build());
    }

    private Json() {
    }

    /** Parses untrusted text; the exception's message says where the text stops being JSON. */
    public static JsonNode readTree(String text) throws JsonProcessingException {
        return MAPPER.readTree(text);
    }

    public static String write(Object value) {
        try {
            return MAPPER.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * A short, single-line reason for a parse failure, without Jackson's source excerpt. Jackson's reason may
     * quote the text it stopped at ("Unrecognized token 'Lovelace'"): fine for the client who sent it, not for
     * a log or a dead-letter attribute, which take {@link #where} alone.
     */
    public static String describe(JsonProcessingException e) {
        return e.getOriginalMessage() + where(e);
    }

    /** Where the text stops being JSON (" at line 1, column 20"), quoting none of it; empty when unknown. */
    public static String where(JsonProcessingException e) {
        var location = e.getLocation();
        return location == null ? "" : " at line " + location.getLineNr() + ", column " + location.getColumnNr();
    }
}
