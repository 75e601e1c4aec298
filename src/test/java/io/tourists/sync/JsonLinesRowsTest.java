package io.tourists.sync;

import io.tourists.domain.FieldError;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class JsonLinesRowsTest {

    @Test
    void readsOneObjectPerLine_numberedByLine_skippingBlankLines() {
        var rows = JsonLinesRows.read("{\"firstName\":\"Ada\"}\n\n{\"firstName\":\"Grace\"}\r\n");

        assertThat(rows).extracting(SourceRow::line).containsExactly(1, 3);
        assertThat(rows.get(1).fields().get("firstName").textValue()).isEqualTo("Grace");
    }

    @Test
    void aLineThatIsNotAJsonObject_isRefused_withoutQuotingIt() {
        var rows = JsonLinesRows.read("{\"firstName\":\"Ada\"\n[\"Ada\"]\nAda Lovelace\n");

        assertThat(rows).extracting(SourceRow::line).containsExactly(1, 2, 3);
        assertThat(rows.get(0).errors()).extracting(FieldError::message).singleElement().asString().startsWith("is not valid JSON");
        assertThat(rows.get(1).errors()).extracting(FieldError::message).containsExactly("must be a JSON object");
        assertThat(rows.get(2).errors().toString()).doesNotContain("Ada").doesNotContain("Lovelace");
    }
}
