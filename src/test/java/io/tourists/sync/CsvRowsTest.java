package io.tourists.sync;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class CsvRowsTest {

    @Test
    void readsAHeaderAndRows_numberedByTheirLine_andSkipsBlankLines() {
        var table = CsvRows.read("firstName,lastName\r\nAda,Lovelace\r\n\r\nGrace,Hopper\r\n");

        assertThat(table.columns()).containsExactly("firstName", "lastName");
        assertThat(table.rows()).extracting(SourceRow::line).containsExactly(2, 4);
        assertThat(table.rows().get(1).fields().toString()).isEqualTo("{\"firstName\":\"Grace\",\"lastName\":\"Hopper\"}");
    }

    @Test
    void aQuotedCellHoldsCommasQuotesAndLineBreaks_andTheNextRowKeepsItsOwnLineNumber() {
        var table = CsvRows.read("firstName,lastName\n\"Ada, Countess\",\"Love\"\"lace\"\n\"Gr\nace\",Hopper\nAlan,Turing");

        assertThat(table.rows()).extracting(SourceRow::line).containsExactly(2, 3, 5);
        assertThat(table.rows().get(0).fields().get("firstName").textValue()).isEqualTo("Ada, Countess");
        assertThat(table.rows().get(0).fields().get("lastName").textValue()).isEqualTo("Love\"lace");
        assertThat(table.rows().get(1).fields().get("firstName").textValue()).isEqualTo("Gr\nace");
    }

    @Test
    void anEmptyCellIsAnAbsentValue() {
        var table = CsvRows.read("firstName,passportNumber\nAda,\n");

        assertThat(table.rows().getFirst().fields().has("passportNumber")).isFalse();
    }

    @Test
    void aRowWithTheWrongNumberOfCells_orBrokenQuotes_isRefusedOnItsOwnLine() {
        var table = CsvRows.read("a,b\n1,2,3\n1,x\"y\n\"1\"x,2\n1,2\n\"open,2\n");

        assertThat(table.rows()).extracting(SourceRow::line).containsExactly(2, 3, 4, 5, 6);
        assertThat(table.rows().get(0).errors().getFirst().message()).isEqualTo("has 3 cells; the header has 2");
        assertThat(table.rows().get(1).errors().getFirst().message()).startsWith("has a double quote inside an unquoted cell");
        assertThat(table.rows().get(2).errors().getFirst().message()).startsWith("has text after a quoted cell's closing quote");
        assertThat(table.rows().get(3).errors()).isEmpty();
        assertThat(table.rows().get(4).errors().getFirst().message()).startsWith("opens a quoted cell that is never closed");
    }

    @ParameterizedTest(name = "line ends {0}")
    @ValueSource(strings = {"\n", "\r\n", "\r"})
    void withLfCrlfOrCrOnlyLineEnds_aBadRowIsReportedOnItsOwnLine_andTheRowsAfterItAreStillRead(String end) {
        var csv = String.join(end, "a,b", "1,x\"y", "\"1\"x,2", "3,4", "\"multi" + end + "line\",5", "6,7,8", "9,10", "");

        var table = CsvRows.read(csv);

        assertThat(table.rows()).extracting(SourceRow::line).containsExactly(2, 3, 4, 5, 7, 8);
        assertThat(table.rows().get(0).errors().getFirst().message()).startsWith("has a double quote inside an unquoted cell");
        assertThat(table.rows().get(1).errors().getFirst().message()).startsWith("has text after a quoted cell's closing quote");
        assertThat(table.rows().get(2).fields().toString()).isEqualTo("{\"a\":\"3\",\"b\":\"4\"}");
        assertThat(table.rows().get(3).fields().get("a").textValue()).isEqualTo("multi" + end + "line");
        assertThat(table.rows().get(4).errors().getFirst().message()).isEqualTo("has 3 cells; the header has 2");
        assertThat(table.rows().get(5).fields().toString()).isEqualTo("{\"a\":\"9\",\"b\":\"10\"}");
    }

    @Test
    void aByteOrderMarkIsSkipped() {
        assertThat(CsvRows.read("\uFEFFfirstName\nAda\n").columns()).containsExactly("firstName");
    }

    @Test
    void anEmptyFile_orARepeatedColumn_isUnreadable() {
        assertThatThrownBy(() -> CsvRows.read("\n\n")).isInstanceOf(UnreadableFileException.class)
                .hasMessageStartingWith("the file is empty");
        assertThatThrownBy(() -> CsvRows.read("email,email\n")).hasMessage("line 1: the header row names email twice");
    }
}
