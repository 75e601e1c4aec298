package io.tourists.ops.imports;

import io.tourists.ops.internal.Text;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Shows how far a long step has got, on stderr: a bar redrawn in place on a terminal, a plain line every few
 * seconds otherwise (a log, a pipe), or nothing.
 */
final class Progress implements AutoCloseable {

    enum Mode { BAR, LINES, NONE }

    static final Duration BAR_EVERY = Duration.ofMillis(250);
    static final Duration LINE_EVERY = Duration.ofSeconds(2);
    private static final int BAR_WIDTH = 24;

    private final PrintWriter err;
    private final Mode mode;
    private final String verb;
    private final String unit;
    private final long total;
    private final long start;
    private final AtomicLong done = new AtomicLong();
    private final Thread ticker;
    private int lastWidth;

    private Progress(PrintWriter err, Mode mode, String verb, String unit, long total, long start) {
        this.err = err;
        this.start = start;
        this.mode = mode;
        this.verb = verb;
        this.unit = unit;
        this.total = total;
        this.ticker = mode == Mode.NONE ? null : Thread.ofPlatform().daemon().name("import-progress").unstarted(this::tick);
    }

    /** @param verb what is being done, e.g. "sent"; {@code unit} what is counted, e.g. "rows" */
    static Progress start(PrintWriter err, Mode mode, String verb, String unit, long total) {
        return start(err, mode, verb, unit, total, System.nanoTime());
    }

    /** The same, with rates counted from {@code startNanos} ({@link System#nanoTime()}) rather than from now. */
    static Progress start(PrintWriter err, Mode mode, String verb, String unit, long total, long startNanos) {
        var progress = new Progress(err, mode, verb, unit, total, startNanos);
        if (progress.ticker != null) {
            progress.ticker.start();
        }
        return progress;
    }

    void add(long count) {
        done.addAndGet(count);
    }

    void set(long count) {
        done.set(count);
    }

    private void tick() {
        var every = mode == Mode.BAR ? BAR_EVERY : LINE_EVERY;
        try {
            while (!Thread.currentThread().isInterrupted()) {
                Thread.sleep(every);
                draw();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private synchronized void draw() {
        var seconds = (System.nanoTime() - start) / 1e9;
        if (mode == Mode.BAR) {
            var text = bar(verb, unit, done.get(), total, seconds);
            err.print("\r" + text + " ".repeat(Math.max(0, lastWidth - text.length())));
            lastWidth = text.length();
        } else {
            err.println(line(verb, unit, done.get(), total, seconds));
        }
        err.flush();
    }

    /** {@code sent [#########...............]  3,710/10,000 rows  1,855 rows/s  ETA 3s} */
    static String bar(String verb, String unit, long done, long total, double seconds) {
        int filled = total == 0 ? BAR_WIDTH : (int) (BAR_WIDTH * Math.min(done, total) / total);
        return "%s [%s%s] %,d/%,d %s  %,.0f %s/s  ETA %s".formatted(verb, "#".repeat(filled),
                ".".repeat(BAR_WIDTH - filled), done, total, unit, rate(done, seconds), unit, eta(done, total, seconds));
    }

    /** {@code sent 3,710 of 10,000 rows (1,855 rows/s, about 3s left)} */
    static String line(String verb, String unit, long done, long total, double seconds) {
        return "%s %,d of %,d %s (%,.0f %s/s, about %s left)".formatted(verb, done, total, unit,
                rate(done, seconds), unit, eta(done, total, seconds));
    }

    private static double rate(long done, double seconds) {
        return seconds <= 0 ? 0 : done / seconds;
    }

    private static String eta(long done, long total, double seconds) {
        if (done >= total) {
            return "0s";
        }
        double rate = rate(done, seconds);
        return rate <= 0 ? "?" : Text.age(Duration.ofSeconds((long) Math.ceil((total - done) / rate)));
    }

    /** Stops the ticker; a bar is drawn once more, complete, and its line ended. */
    @Override
    public void close() {
        if (ticker == null) {
            return;
        }
        ticker.interrupt();
        try {
            ticker.join();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (mode == Mode.BAR) {
            draw();
            err.println();
            err.flush();
        }
    }
}
