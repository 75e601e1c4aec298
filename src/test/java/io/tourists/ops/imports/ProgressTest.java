package io.tourists.ops.imports;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class ProgressTest {

    @Test
    void theBarShowsTheShareDoneTheRateAndWhatIsLeft() {
        assertThat(Progress.bar("sent", "rows", 2_500, 10_000, 2.0))
                .isEqualTo("sent [######..................] 2,500/10,000 rows  1,250 rows/s  ETA 6s");
        assertThat(Progress.bar("sent", "rows", 10_000, 10_000, 4.0))
                .isEqualTo("sent [########################] 10,000/10,000 rows  2,500 rows/s  ETA 0s");
    }

    @Test
    void aPlainLineSaysTheSame_inWords() {
        assertThat(Progress.line("committed", "rows", 0, 10_000, 1.0))
                .isEqualTo("committed 0 of 10,000 rows (0 rows/s, about ? left)");
        assertThat(Progress.line("sent", "rows", 4_000, 10_000, 2.0))
                .isEqualTo("sent 4,000 of 10,000 rows (2,000 rows/s, about 3s left)");
    }
}
