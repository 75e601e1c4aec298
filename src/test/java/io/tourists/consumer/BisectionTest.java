package io.tourists.consumer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class BisectionTest {

    /** Refuses any list holding a refused number, as one SQL statement refuses a batch with one bad row. */
    private static final class Operation {
        final Set<Integer> refusedNumbers;
        final List<List<Integer>> applied = new ArrayList<>();

        Operation(Set<Integer> refusedNumbers) {
            this.refusedNumbers = refusedNumbers;
        }

        Integer apply(List<Integer> numbers) {
            var bad = numbers.stream().filter(refusedNumbers::contains).findFirst();
            if (bad.isPresent()) {
                throw new IllegalArgumentException("refused " + bad.get());
            }
            applied.add(List.copyOf(numbers));
            return numbers.size();
        }
    }

    private static List<Integer> numbers(int count) {
        return IntStream.range(0, count).boxed().toList();
    }

    @Test
    void shouldFindOneRefusedItemAmongAThousandInAboutTwoCallsPerHalving() {
        var operation = new Operation(Set.of(613));

        var result = Bisection.afterRefusal(numbers(1_000),
                operation::apply, IllegalArgumentException.class);

        assertThat(result.refused()).singleElement().satisfies(refused -> {
            assertThat(refused.item()).isEqualTo(613);
            assertThat(refused.refusal()).hasMessage("refused 613");
        });
        assertThat(result.accepted()).hasSize(999).doesNotContain(613).isSorted();
        assertThat(result.results().stream().mapToInt(Integer::intValue).sum()).isEqualTo(999);
        assertThat(result.calls()).as("2 x ceil(log2(1000)) at most").isLessThanOrEqualTo(20);
        assertThat(operation.applied.stream().flatMap(List::stream)).as("each accepted item applied once")
                .doesNotHaveDuplicates().hasSize(999);
    }

    @Test
    void shouldFindEveryRefusedItem_inTheirOriginalOrder() {
        var operation = new Operation(Set.of(0, 5, 6, 99));

        var result = Bisection.afterRefusal(numbers(100),
                operation::apply, IllegalArgumentException.class);

        assertThat(result.refused()).extracting(Bisection.Refused::item).containsExactly(0, 5, 6, 99);
        assertThat(result.accepted()).hasSize(96).isSorted();
    }

    @Test
    void aLoneWriteInARefusedBatch_isTriedAloneBeforeItIsBlamed() {
        // The refused call carried more than the item (the consumer's also records rejections): alone, it passes.
        var operation = new Operation(Set.of());

        var result = Bisection.afterRefusal(numbers(1), operation::apply, IllegalArgumentException.class);

        assertThat(result.calls()).isOne();
        assertThat(result.accepted()).containsExactly(0);
        assertThat(result.refused()).isEmpty();
    }

    @Test
    void aLoneWriteRefusedAlone_isBlamed() {
        var operation = new Operation(Set.of(0));

        var result = Bisection.afterRefusal(numbers(1), operation::apply, IllegalArgumentException.class);

        assertThat(result.calls()).isOne();
        assertThat(result.refused()).singleElement().satisfies(refused ->
                assertThat(refused.refusal()).hasMessage("refused 0"));
    }

    /** Times out on any list longer than {@code fits}, as a statement over a statement_timeout does. */
    private static Integer timesOutAbove(int fits, List<Integer> numbers, List<List<Integer>> calls) {
        calls.add(numbers);
        if (numbers.size() > fits) {
            throw new IllegalStateException("timed out");
        }
        return numbers.size();
    }

    private static Bisection.Failure timeoutOrRefusal(RuntimeException e) {
        return e instanceof IllegalStateException ? Bisection.Failure.TIMED_OUT : Bisection.Failure.REFUSED;
    }

    @Test
    void aStatementTimeoutOnALargeBatch_isSplit_untilTheTimeoutLimitLeavesTheRestUntried() {
        var calls = new ArrayList<List<Integer>>();

        var result = Bisection.afterFailure(numbers(1_000), Bisection.Failure.TIMED_OUT,
                numbers -> timesOutAbove(250, numbers, calls), BisectionTest::timeoutOrRefusal,
                new Bisection.Limits(3, 10), () -> true);

        // 1,000 timed out; 0-499 timed out; 0-249 and 250-499 applied; 500-999 timed out: the third, so stop.
        assertThat(result.accepted()).containsExactlyElementsOf(numbers(500));
        assertThat(result.untried()).containsExactlyElementsOf(IntStream.range(500, 1_000).boxed().toList());
        assertThat(result.refused()).isEmpty();
        assertThat(result.calls()).isEqualTo(4);
    }

    @Test
    void aRealOverload_isNotMultiplied_everyCallTimesOutAndTheSplitStopsAtTheLimit() {
        var calls = new ArrayList<List<Integer>>();

        var result = Bisection.afterFailure(numbers(1_000), Bisection.Failure.TIMED_OUT,
                numbers -> timesOutAbove(0, numbers, calls), BisectionTest::timeoutOrRefusal,
                new Bisection.Limits(3, 10), () -> true);

        assertThat(calls).as("two more statements, each timing out").hasSize(2);
        assertThat(result.accepted()).isEmpty();
        assertThat(result.untried()).containsExactlyElementsOf(numbers(1_000));
    }

    @Test
    void afterATimeout_noCallIsStartedOnceTheInvocationHasNoTimeForIt() {
        var calls = new ArrayList<List<Integer>>();

        var result = Bisection.afterFailure(numbers(100), Bisection.Failure.TIMED_OUT,
                numbers -> timesOutAbove(100, numbers, calls), BisectionTest::timeoutOrRefusal,
                new Bisection.Limits(3, 10), () -> false);

        assertThat(calls).isEmpty();
        assertThat(result.untried()).hasSize(100);
    }

    @Test
    void aTimedOutPartSmallerThanTheMinimum_isNotSplit() {
        var calls = new ArrayList<List<Integer>>();

        var result = Bisection.afterFailure(numbers(16), Bisection.Failure.TIMED_OUT,
                numbers -> timesOutAbove(4, numbers, calls), BisectionTest::timeoutOrRefusal,
                new Bisection.Limits(10, 10), () -> true);

        assertThat(calls).as("8 and 8 timed out, neither split").hasSize(2);
        assertThat(result.untried()).hasSize(16);
    }

    @Test
    void shouldStopAtAnErrorThatIsNotARefusal() {
        var calls = new ArrayList<List<Integer>>();

        assertThatThrownBy(() -> Bisection.afterRefusal(numbers(10),
                numbers -> {
                    calls.add(numbers);
                    throw new IllegalStateException("the database went away");
                }, IllegalArgumentException.class))
                .isInstanceOf(IllegalStateException.class);
        assertThat(calls).hasSize(1);
    }
}
