package io.tourists.consumer;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/**
 * Finds the items a batch operation refuses, with few calls: after the whole list was refused, try each half;
 * a half that succeeds is done, a half that is refused is split again, down to single items. With one refused
 * item among n that is about 2 log2(n) calls (20 for 1,000 items) instead of n. Each call must be all or
 * nothing (one SQL statement is): a refused call changed nothing, so trying its halves is safe.
 */
public final class Bisection {

    private Bisection() {
    }

    /** An item refused on its own, and the refusal. */
    public record Refused<T>(T item, RuntimeException refusal) {}

    /**
     * @param results  what each successful call returned, in the order of the calls
     * @param accepted the items of the successful calls, in their original order
     * @param refused  the items refused on their own, in their original order
     * @param calls    how many times the operation was called
     */
    public record Result<T, R>(List<R> results, List<T> accepted, List<Refused<T>> refused, int calls) {}

    /**
     * Splits {@code items}, which {@code operation} refused as a whole with {@code refusalOfAll}, until each
     * refused item stands alone. An exception that is not a {@code refusal} ends the search and propagates.
     */
    public static <T, R> Result<T, R> afterRefusal(List<T> items, RuntimeException refusalOfAll,
                                                   Function<List<T>, R> operation,
                                                   Class<? extends RuntimeException> refusal) {
        var results = new ArrayList<R>();
        var accepted = new ArrayList<Range>();
        var refused = new ArrayList<Refused<T>>();
        if (items.size() == 1) {
            return new Result<>(results, List.of(), List.of(new Refused<>(items.getFirst(), refusalOfAll)), 0);
        }
        var pending = new ArrayDeque<Range>();
        int calls = 0;
        pushHalves(pending, new Range(0, items.size()));
        while (!pending.isEmpty()) {
            var range = pending.pop();
            calls++;
            try {
                results.add(operation.apply(items.subList(range.from(), range.to())));
                accepted.add(range);
            } catch (RuntimeException e) {
                if (!refusal.isInstance(e)) {
                    throw e;
                }
                if (range.size() == 1) {
                    refused.add(new Refused<>(items.get(range.from()), e));
                } else {
                    pushHalves(pending, range);
                }
            }
        }
        // Ranges are taken left to right, so accepted ranges and refused items are already in order.
        var acceptedItems = new ArrayList<T>();
        accepted.forEach(range -> acceptedItems.addAll(items.subList(range.from(), range.to())));
        return new Result<>(results, acceptedItems, refused, calls);
    }

    /** Pushes the right half first, so that the left half is tried first. */
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
