package io.tourists.db;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** A function's database settings from its environment: the connection timeout a paused Aurora needs. */
class DbSettingsTest {

    private static Map<String, String> env(String... more) {
        var env = new HashMap<>(Map.of("DB_URL", "jdbc:postgresql://127.0.0.1:5432/tourists", "DB_USER", "reader"));
        for (int i = 0; i < more.length; i += 2) {
            env.put(more[i], more[i + 1]);
        }
        return env;
    }

    @Test
    void waitsThreeSecondsForAConnection_byDefault() {
        assertThat(DbSettings.fromEnvironment(env()).connectionTimeout()).isEqualTo(Duration.ofSeconds(3))
                .isEqualTo(DbSettings.DEFAULT_CONNECTION_TIMEOUT);
        assertThat(DbSettings.fromEnvironment(env("DB_CONNECT_TIMEOUT_SECONDS", "")).connectionTimeout())
                .isEqualTo(DbSettings.DEFAULT_CONNECTION_TIMEOUT);
    }

    @Test
    void waitsAsLongAsDbConnectTimeoutSecondsSays_andThePoolDoesToo() {
        var settings = DbSettings.fromEnvironment(env("DB_CONNECT_TIMEOUT_SECONDS", "20"));

        assertThat(settings.connectionTimeout()).isEqualTo(Duration.ofSeconds(20));
        assertThat(settings.serverTimeouts()).contains(DbSettings.ServerTimeouts.FUNCTION);
        try (var pool = Databases.pool(settings, "settings-test")) {
            assertThat(pool.getConnectionTimeout()).isEqualTo(20_000);
        }
    }

    @Test
    void refusesATimeoutUnderASecond() {
        assertThatThrownBy(() -> DbSettings.fromEnvironment(env("DB_CONNECT_TIMEOUT_SECONDS", "0")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("DB_CONNECT_TIMEOUT_SECONDS");
        assertThatThrownBy(() -> DbSettings.fromEnvironment(env("DB_CONNECT_TIMEOUT_SECONDS", "soon")))
                .isInstanceOf(NumberFormatException.class);
    }
}
