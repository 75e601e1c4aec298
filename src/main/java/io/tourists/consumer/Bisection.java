package io.tourists.consumer;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BooleanSupplier;
import java.util.function.Function;

/**
 * Finds the items a batch operation refuses, with few calls: after the whole list failed, try each half; a
 * half that succeeds is done, a half that is refused is split again, down to single items. With one refused
 * item among n that is about 2 log2(n) calls (20 for 1,000 items) instead of n. Each call must be all or
 * nothing (one SQL statement is): a failed call changed nothing, so trying its halves is safe.
 *
 * <p>The call that failed first may have carried more than the items (the consumer's also records the batch's
 * rejections), so a lone item is tried alone before it is blamed.
 *
 * <p>A call that ran out of time ({@link Failure#TIMED_OUT}) is split too, since smaller calls may each fit,
 * but within {@link Limits}: a real overload must not be multiplied. What is left when the limits are reached
 * is returned untried, for the caller to retry later.
 */
public final class Bisection {

    private Bisection() {
    }

    /** What a failed call means for the search. */
    public enum Failure {
        /** The items themselves were refused: split down to single items, and blame those. */
        REFUSED,
        /** The call ran out of time: split within the limits; what is still too slow stays untried. */
        TIMED_OUT,
        /** Anything else (an outage): the search ends and the exception propagates. */
        OTHER
    }

    /**
     * How far timed-out calls are split.
     *
     * @param maxTimeouts  timed-out calls per search, counting the first: once reached, nothing more is tried
     * @param minSplitSize a timed-out call of fewer items is not split (it is slow for another reason than size)
     */
    public record Limits(int maxTimeouts, int minSplitSize) {

        /** Timed-out calls are not split: for operations whose timeouts say nothing about their size. */
        public static final Limits NO_TIMEOUT_SPLITS = new Limits(0, Integer.MAX_VALUE);

        /** Whether a first call of {@code size} items that timed out is split at all. */
        public boolean splitsTimeoutOf(int size) {
            return maxTimeouts > 1 && size >= minSplitSize;
        }
    }

    /** An item refused on its own, and the refusal. */
    public record Refused<T>(T item, RuntimeException refusal) {}

    /**
     * @param results  what each successful call returned, in the order of the calls
     * @param accepted the items of the successful calls, in their original order
     * @param refused  the items refused on their own, in their original order
     * @param untried  the items left undecided (timed out, or not tried once the limits were reached), in order
     * @param calls    how many times the operation was called
     */
    public record Result<T, R>(List<R> results, List<T> accepted, List<Refused<T>> refused, List<T> untried,
                               int calls) {}

    /**
     * Splits {@code items}, which {@code operation} refused as a whole, until each refused item stands alone.
     * Timed-out calls are not split.
     */
    public static <T, R> Result<T, R> afterRefusal(List<T> items, Function<List<T>, R> operation,
                                                   Class<? extends RuntimeException> refusal) {
        return afterFailure(items, Failure.REFUSED, operation,
                e -> refusal.isInstance(e) ? Failure.REFUSED : Failure.OTHER, Limits.NO_TIMEOUT_SPLITS, () -> true);
    }

    /**
     * Splits {@code items}, whose call failed as a whole with {@code first} ({@link Failure#REFUSED} or
     * {@link Failure#TIMED_OUT}), until each refused item stands alone and the rest succeeded, or the
     * {@code limits} or {@code goOn} (asked before each call once a call has timed out) say stop.
     */
    public static <T, R> Result<T, R> afterFailure(List<T> items, Failure first, Function<List<T>, R> operation,
                                                   Function<RuntimeException, Failure> classify, Limits limits,
                                                   BooleanSupplier goOn) {
        var results = new ArrayList<R>();
        var accepted = new ArrayList<Range>();
        var refused = new ArrayList<Refused<T>>();
        var untried = new ArrayList<Range>();
        var pending = new ArrayDeque<Range>();
        int calls = 0;
        int timeouts = first == Failure.TIMED_OUT ? 1 : 0;
        pushHalves(pending, new Range(0, items.size()));
        while (!pending.isEmpty()) {
            var range = pending.pop();
            if (timeouts > 0 && (timeouts >= limits.maxTimeouts() || !goOn.getAsBoolean())) {
                untried.add(range);
                continue;
            }
            calls++;
            try {
                results.add(operation.apply(items.subList(range.from(), range.to())));
                accepted.add(range);
            } catch (RuntimeException e) {
                switch (classify.apply(e)) {
                    case REFUSED -> {
                        if (range.size() == 1) {
                            refused.add(new Refused<>(items.get(range.from()), e));
                        } else {
                            pushHalves(pending, range);
                        }
                    }
                    case TIMED_OUT -> {
                        timeouts++;
                        if (range.size() >= Math.max(2, limits.minSplitSize())) {
                            pushHalves(pending, range);
                        } else {
                            untried.add(range);
                        }
                    }
                    case OTHER -> throw e;
                }
            }
        }
        // Ranges are taken left to right (halves are pushed right first), so all three lists are in order.
        return new Result<>(results, itemsOf(items, accepted), refused, itemsOf(items, untried), calls);
    }

    private static <T> List<T> itemsOf(List<T> items, List<Range> ranges) {
        var selected = new ArrayList<T>();
        ranges.forEach(range -> selected.addAll(items.subList(range.from(), range.to())));
        return selected;
    }

    /** Pushes the right half first, so that the left half is tried first; a range of one is pushed as it is. */
    private static void pushHalves(ArrayDeque<Range> pending, Range range) {
        if (range.size() == 0) {
            return;
        }
        if (range.size() == 1) {
            pending.push(range);
            return;
        }
        int middle = range.from() + range.size() / 2;
        pending.push(new Range(middle, range.to()));
        pending.push(new Range(range.from(), middle));
    }

    private record Range(int from, int to) {
        int size() {
            return to - from;
        }
    }
}
