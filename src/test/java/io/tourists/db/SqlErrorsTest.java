package io.tourists.db;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;
import org.postgresql.util.PSQLException;
import org.postgresql.util.ServerErrorMessage;
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
    void describesAnErrorTheServerSentByItsStateAndNames_neverByItsText() {
        var server = new ServerErrorMessage("SERROR\0VERROR\0C23514\0Mnew row for relation \"tourist\" violates check"
                + " constraint \"tourist_no_zed\"\0DFailing row contains (Zed, Traveller, zed@example.com).\0stourists\0"
                + "ttourist\0ntourist_no_zed\0\0");
        var refused = SqlErrors.translate("applying writes", new PSQLException(server, true));

        assertThat(refused).isInstanceOf(StoreException.Rejected.class).hasNoCause()
                .hasMessage("applying writes failed: SQLSTATE 23514 (integrity constraint violation),"
                        + " constraint tourist_no_zed, table tourist");
        assertThat(((StoreException.Rejected) refused).sqlState()).as("kept without the cause").contains("23514");
    }

    @Test
    void aDataErrorWhoseTextQuotesTheValueIsDescribedWithoutIt() {
        var server = new ServerErrorMessage(
                "SERROR\0C22P02\0Minvalid input syntax for type integer: \"Lovelace\"\0\0");
        var refused = SqlErrors.translate("applying writes", new PSQLException(server, false));
        var fromDriver = SqlErrors.translate("reading", new SQLException("Bad value for type int : Lovelace", "22003"));

        assertThat(refused).isInstanceOf(StoreException.Rejected.class).hasNoCause();
        assertThat(refused.getMessage()).doesNotContain("Lovelace").contains("SQLSTATE 22P02 (data exception)");
        assertThat(fromDriver).hasNoCause();
        assertThat(fromDriver.getMessage()).doesNotContain("Lovelace").contains("SQLSTATE 22003");
    }

    @Test
    void aConnectionErrorKeepsTheDriversWordsAndItsStackTrace() {
        var refused = new SQLException("Connection to 127.0.0.1:5433 refused", "08001");

        var unavailable = SqlErrors.translate("applying writes", refused);

        assertThat(unavailable).isInstanceOf(StoreException.Unavailable.class).hasCause(refused)
                .hasMessage("applying writes failed: Connection to 127.0.0.1:5433 refused (SQLSTATE 08001)");
    }

    @Test
    void retriesAPoolTimeoutAndAnErrorWithoutState() {
        assertThat(SqlErrors.translate("applying", new SQLTransientConnectionException("pool timed out")))
                .isInstanceOf(StoreException.Unavailable.class);
        assertThat(SqlErrors.translate("applying", new SQLException("io"))).isInstanceOf(StoreException.Unavailable.class);
    }
}
