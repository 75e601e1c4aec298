package io.tourists.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class TableTest {

    private final Table table = Table.of("Drain", "case", "rows/s").with("batch 10", "385").with("batch 1000", "12,345");

    @Test
    void shouldAlignNamesLeftAndFiguresRight_whenPrintedForTheTerminal() {
        assertThat(table.text()).isEqualTo("""
                Drain
                case        rows/s
                ----------  ------
                batch 10       385
                batch 1000  12,345
                """);
    }

    @Test
    void shouldRightAlignFigureColumns_whenWrittenAsMarkdown() {
        assertThat(table.markdown()).isEqualTo("""
                | case | rows/s |
                |---|---:|
                | batch 10 | 385 |
                | batch 1000 | 12,345 |
                """);
    }

    @Test
    void shouldEscapePipes_whenACellHoldsOne() {
        assertThat(Table.of("t", "a").with("x|y").markdown()).contains("| x\\|y |");
    }

    @Test
    void shouldRefuseARow_whenItsWidthDiffersFromTheHeaders() {
        assertThatThrownBy(() -> table.with("only one cell")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void shouldDrawOneBarPerFigure_scaledToTheLargest() {
        var svg = SvgChart.render(List.of(new SvgChart.Panel("Drain <10k>", "rows/s", List.of(
                new SvgChart.Bar("a", 100), new SvgChart.Bar("b", 50)))));

        assertThat(svg).startsWith("<svg xmlns=\"http://www.w3.org/2000/svg\"").endsWith("</svg>\n")
                .contains("Drain &lt;10k&gt; (rows/s)")
                .contains("width=\"410\"", "width=\"205\"");
    }

    @Test
    void shouldPrintSmallFiguresWithTwoDecimals_andLargeOnesGrouped() {
        assertThat(SvgChart.format(0.814)).isEqualTo("0.81");
        assertThat(SvgChart.format(12345.6)).isEqualTo("12,346");
        assertThat(SvgChart.format(2.0)).as("a count").isEqualTo("2");
    }
}
