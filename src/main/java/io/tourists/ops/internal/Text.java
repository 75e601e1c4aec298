package io.tourists.ops.internal;

import java.time.Duration;

/** How durations and numbers read in the CLI's human output. */
public final class Text {

    private Text() {
    }

    /** {@code 45s}, {@code 3m12s}, {@code 5h03m}, {@code 2d04h}: precise enough to act on, short enough to scan. */
    public static String age(Duration age) {
        long seconds = Math.max(0, age.toSeconds());
        if (seconds < 60) {
            return seconds + "s";
        }
        if (seconds < 3_600) {
            return "%dm%02ds".formatted(seconds / 60, seconds % 60);
        }
        if (seconds < 86_400) {
            return "%dh%02dm".formatted(seconds / 3_600, seconds % 3_600 / 60);
        }
        return "%dd%02dh".formatted(seconds / 86_400, seconds % 86_400 / 3_600);
    }
}
