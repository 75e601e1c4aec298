package io.tourists.sync;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class FileRowsTest {

    static final Set<String> KNOWN = Set.of("firstName", "lastName", "touristId");

    static List<RowSource.Part> read(ImportFormat format, String text) {
        var parts = new ArrayList<RowSource.Part>();
        new FileRows("test", format, () -> new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8)))
                .read(KNOWN, List.of(), parts::add);
        return parts;
    }

    static List<SourceRow> rows(List<RowSource.Part> parts) {
        return parts.stream().flatMap(part -> part.rows().stream()).toList();
    }

    @Test
    void aLongCsvFile_isReadInChunks_withTheFilesOwnLineNumbers_andAQuotedLineBreakStaysWhole() {
        var csv = new StringBuilder("firstName,lastName\n");
        for (int i = 0; i < 12_000; i++) {
            csv.append(i == FileRows.CHUNK_LINES - 2 ? "\"Ada\nAugusta\",Lovelace\n" : "Ada,Lovelace\n");
        }
        csv.append("Ada,Lovelace,extra\n");
        var parts = read(ImportFormat.CSV, csv.toString());

        assertThat(parts).hasSizeGreaterThan(2);
        var rows = rows(parts);
        assertThat(rows).hasSize(12_001);
        assertThat(rows.get(FileRows.CHUNK_LINES - 2).fields().get("firstName").asText()).isEqualTo("Ada\nAugusta");
        // The row after the quoted line break starts a line later; the last row is the file's last line.
        assertThat(rows.get(FileRows.CHUNK_LINES - 1).line()).isEqualTo(FileRows.CHUNK_LINES + 2);
        assertThat(rows.getLast().line()).isEqualTo(12_003);
        assertThat(rows.getLast().errors()).isNotEmpty();
    }

    @Test
    void aCsvFileWithLinesEndedByCrAlone_isReadWhole() {
        var rows = rows(read(ImportFormat.CSV, "firstName,lastName\rAda,Lovelace\rGrace,Hopper\r"));

        assertThat(rows).extracting(SourceRow::line).containsExactly(2, 3);
    }

    @Test
    void jsonLines_keepTheirLineNumbersAcrossChunks() {
        var text = new StringBuilder();
        for (int i = 0; i < 6_000; i++) {
            text.append(i == 5_500 ? "not json\n" : "{\"firstName\":\"Ada\"}\n");
        }
        var rows = rows(read(ImportFormat.JSONL, text.toString()));

        assertThat(rows).hasSize(6_000);
        assertThat(rows.get(5_500).line()).isEqualTo(5_501);
        assertThat(rows.get(5_500).errors()).isNotEmpty();
    }

    @Test
    void anUnknownColumn_makesTheFileUnreadable() {
        assertThatThrownBy(() -> read(ImportFormat.CSV, "firstName,shoeSize\nAda,38\n"))
                .isInstanceOf(UnreadableFileException.class).hasMessageContaining("unknown column shoeSize");
    }
}
