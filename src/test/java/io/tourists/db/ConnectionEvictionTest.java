package io.tourists.db;

import static org.assertj.core.api.Assertions.assertThat;

import com.zaxxer.hikari.SQLExceptionOverride.Override;
import java.sql.SQLException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ConnectionEvictionTest {

    private final ConnectionEviction eviction = new ConnectionEviction();

    @ParameterizedTest(name = "SQLSTATE {0}")
    @ValueSource(strings = {"25006", "57P01", "57P02", "57P03", "08006", "08001", "08003"})
    void shouldReplaceTheConnection_whenTheErrorSaysTheConnectionIsWrongNow(String state) {
        assertThat(eviction.adjudicate(new SQLException("no", state))).isEqualTo(Override.MUST_EVICT);
    }

    @ParameterizedTest(name = "SQLSTATE {0}")
    @ValueSource(strings = {"23505", "22001", "40001", "40P01", "57014", "55P03", "42P01", "42501"})
    void shouldLeaveTheDecisionToTheDefaults_whenTheStatementOrTheDataIsAtFault(String state) {
        assertThat(eviction.adjudicate(new SQLException("no", state))).isEqualTo(Override.CONTINUE_EVICT);
    }

    @Test
    void shouldLeaveAnErrorWithoutStateToTheDefaults() {
        assertThat(eviction.adjudicate(new SQLException("io"))).isEqualTo(Override.CONTINUE_EVICT);
    }
}
