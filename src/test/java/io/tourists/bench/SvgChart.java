package io.tourists.bench;

import java.util.List;
import java.util.Locale;

/** Horizontal bar charts in plain SVG, one panel per series, so the figures need no charting library. */
final class SvgChart {

    record Bar(String label, double value) {}

    record Panel(String title, String unit, List<Bar> bars) {
        Panel {
            bars = List.copyOf(bars);
        }
    }

    private static final int WIDTH = 760;
    private static final int LABEL_WIDTH = 260;
    private static final int BAR_HEIGHT = 18;
    private static final int GAP = 6;
    private static final int TITLE_HEIGHT = 28;
    private static final String[] COLOURS = {"#2b6cb0", "#c05621", "#2f855a", "#6b46c1", "#b7791f", "#c53030"};

    private SvgChart() {
    }

    static String render(List<Panel> panels) {
        int height = panels.stream().mapToInt(p -> TITLE_HEIGHT + p.bars().size() * (BAR_HEIGHT + GAP) + 16).sum();
        var svg = new StringBuilder(String.format(Locale.ROOT,
                "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%d\" height=\"%d\" font-family=\"sans-serif\" font-size=\"12\">%n"
                        + "<rect width=\"100%%\" height=\"100%%\" fill=\"white\"/>%n", WIDTH, height));
        int y = 0;
        int panelIndex = 0;
        for (var panel : panels) {
            svg.append(String.format(Locale.ROOT, "<text x=\"8\" y=\"%d\" font-weight=\"bold\">%s (%s)</text>%n",
                    y + 20, escape(panel.title()), escape(panel.unit())));
            y += TITLE_HEIGHT;
            double max = panel.bars().stream().mapToDouble(Bar::value).max().orElse(1);
            int barSpace = WIDTH - LABEL_WIDTH - 90;
            for (var bar : panel.bars()) {
                int length = max <= 0 ? 0 : (int) Math.round(bar.value() / max * barSpace);
                svg.append(String.format(Locale.ROOT,
                        "<text x=\"%d\" y=\"%d\" text-anchor=\"end\">%s</text>%n"
                                + "<rect x=\"%d\" y=\"%d\" width=\"%d\" height=\"%d\" fill=\"%s\"/>%n"
                                + "<text x=\"%d\" y=\"%d\">%s</text>%n",
                        LABEL_WIDTH - 8, y + 13, escape(bar.label()),
                        LABEL_WIDTH, y, Math.max(length, 1), BAR_HEIGHT, COLOURS[panelIndex % COLOURS.length],
                        LABEL_WIDTH + Math.max(length, 1) + 6, y + 13, escape(format(bar.value()))));
                y += BAR_HEIGHT + GAP;
            }
            y += 16;
            panelIndex++;
        }
        return svg.append("</svg>\n").toString();
    }

    static String format(double value) {
        return value >= 100 || value == Math.rint(value)
                ? String.format(Locale.ROOT, "%,.0f", value) : String.format(Locale.ROOT, "%.2f", value);
    }

    private static String escape(String text) {
        return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }
}
