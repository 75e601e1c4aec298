package io.tourists.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tourists.db.Databases;
import io.tourists.db.DbSettings;
import io.tourists.db.StoreException;
import io.tourists.db.TouristStore;
import io.tourists.testing.Infrastructure;
import io.tourists.testing.Rows;
import java.sql.SQLTransientConnectionException;
import java.time.Duration;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** A function environment's pool: nothing opened at init, one connection at most, a fast failure. */
class FunctionPoolIT {

    @Test
    void aPoolOpensNoConnectionUntilItsFirstQuery() throws Exception {
        var database = Infrastructure.database();
        try (var pool = Databases.pool(Infrastructure.settings(database, 1), "pool-lazy")) {
            Thread.sleep(500);
            assertThat(connectionsNamed("pool-lazy")).as("after init").isZero();

            new TouristStore(pool).find(UUID.randomUUID());

            assertThat(connectionsNamed("pool-lazy")).as("after the first query").isEqualTo(1);
        }
    }

    @Test
    void aPoolOfOneNeverOpensASecondConnection() throws Exception {
        var database = Infrastructure.database();
        var settings = new DbSettings(database.jdbcUrl(), database.user(), database.password(), 1, Duration.ofMillis(500));
        try (var pool = Databases.pool(settings, "pool-one"); var held = pool.getConnection()) {
            assertThatThrownBy(pool::getConnection).isInstanceOf(SQLTransientConnectionException.class);
            assertThat(connectionsNamed("pool-one")).isEqualTo(1);
        }
    }

    @Test
    void anUnreachableDatabaseIsReportedAsUnavailableNotRejected() {
        var settings = new DbSettings("jdbc:postgresql://127.0.0.1:1/tourists", "tourists", "x", 1, Duration.ofSeconds(1));
        try (var pool = Databases.pool(settings, "pool-unreachable")) {
            assertThatThrownBy(() -> new TouristStore(pool).find(UUID.randomUUID()))
                    .isInstanceOf(StoreException.Unavailable.class);
        }
    }

    private static long connectionsNamed(String applicationName) {
        return Rows.count("select count(*) from pg_stat_activity where application_name = '" + applicationName + "'");
    }
}
