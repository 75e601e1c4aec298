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

        var result = Bisection.afterRefusal(numbers(1_000), new IllegalArgumentException("refused 613"),
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

        var result = Bisection.afterRefusal(numbers(100), new IllegalArgumentException("refused"),
                operation::apply, IllegalArgumentException.class);

        assertThat(result.refused()).extracting(Bisection.Refused::item).containsExactly(0, 5, 6, 99);
        assertThat(result.accepted()).hasSize(96).isSorted();
    }

    @Test
    void shouldRefuseALoneItemWithoutCallingAgain() {
        var operation = new Operation(Set.of(0));
        var refusal = new IllegalArgumentException("refused 0");

        var result = Bisection.afterRefusal(numbers(1), refusal, operation::apply, IllegalArgumentException.class);

        assertThat(result.calls()).isZero();
        assertThat(result.refused()).singleElement().extracting(Bisection.Refused::refusal).isSameAs(refusal);
    }

    @Test
    void shouldStopAtAnErrorThatIsNotARefusal() {
        var calls = new ArrayList<List<Integer>>();

        assertThatThrownBy(() -> Bisection.afterRefusal(numbers(10), new IllegalArgumentException("refused"),
                numbers -> {
                    calls.add(numbers);
                    throw new IllegalStateException("the database went away");
                }, IllegalArgumentException.class))
                .isInstanceOf(IllegalStateException.class);
        assertThat(calls).hasSize(1);
    }
}
