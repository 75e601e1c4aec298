package io.tourists.db;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

class SqlErrorsTest {

    @ParameterizedTest(name = "SQLSTATE {0}")
    @ValueSource(strings = {"22001", "22021", "22023", "22008", "23505", "23514", "23502"})
    void refusesForGoodOnlyWhenTheDataItselfIsWrong(String state) {
        assertThat(SqlErrors.translate("applying", new SQLException("no", state)))
                .isInstanceOf(StoreException.Rejected.class);
    }

    @ParameterizedTest(name = "SQLSTATE {0}")
    @ValueSource(strings = {"08006", "08001", "25006", "40001", "40P01", "42P01", "42501", "53300", "55P03", "57P01",
            "57014", "58030", "XX000", "28P01"})
    void retriesWhatDescribesTheServerTheConnectionOrTheDeployment(String state) {
        assertThat(SqlErrors.translate("applying", new SQLException("no", state)))
                .isInstanceOf(StoreException.Unavailable.class);
    }

    @Test
    void retriesAPoolTimeoutAndAnErrorWithoutState() {
        assertThat(SqlErrors.translate("applying", new SQLTransientConnectionException("pool timed out")))
                .isInstanceOf(StoreException.Unavailable.class);
        assertThat(SqlErrors.translate("applying", new SQLException("io"))).isInstanceOf(StoreException.Unavailable.class);
    }
}
