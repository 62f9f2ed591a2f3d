package io.keygate.sample.config;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.time.Duration;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ConsoleSettingsTest {

    private static ConsoleSettings read(Map<String, String> properties, Map<String, String> environment) {
        return ConsoleSettings.from(properties::get, environment::get);
    }

    @Test
    void fromWhenNothingIsSetThenThirtyMinutesIdleEightHoursAtMostTenThousandSessions() {
        ConsoleSettings s = read(Map.of(), Map.of());
        assertThat(s.idleTimeout()).isEqualTo(Duration.ofMinutes(30));
        assertThat(s.maxLifetime()).isEqualTo(Duration.ofHours(8));
        assertThat(s.maxSessions()).isEqualTo(10_000);
        assertThat(s).isEqualTo(ConsoleSettings.DEFAULTS);
    }

    @Test
    void fromWhenPropertyAndEnvironmentBothSetThenPropertyWins() {
        ConsoleSettings s = read(Map.of("keygate.console.idle-seconds", "60"),
                Map.of("KEYGATE_CONSOLE_IDLE_SECONDS", "120", "KEYGATE_CONSOLE_MAX_SECONDS", " 600 "));
        assertThat(s.idleTimeout()).isEqualTo(Duration.ofSeconds(60));
        assertThat(s.maxLifetime()).isEqualTo(Duration.ofSeconds(600));
    }

    @ParameterizedTest
    @ValueSource(strings = {"0", "-5", "soon", "1.5", "604801"})
    void fromWhenValueIsNotSecondsInRangeThenMessageNamesSettingValueAndRule(String value) {
        assertThatThrownBy(() -> read(Map.of(), Map.of("KEYGATE_CONSOLE_MAX_SECONDS", value)))
                .isInstanceOf(ConfigurationException.class)
                .hasMessage("'" + value + "' is wrong value for KEYGATE_CONSOLE_MAX_SECONDS, because it must be a whole "
                        + "number of seconds from 1 to 604800");
        assertThatThrownBy(() -> read(Map.of("keygate.console.idle-seconds", value), Map.of()))
                .hasMessageContaining("for keygate.console.idle-seconds,");
    }

    @Test
    void sampleConfigCarriesTheConsoleSettingsAndShowsThem() {
        SampleConfig c = SampleConfig.from(Map.of("keygate.console.idle-seconds", "90")::get, Map.<String, String>of()::get);
        assertThat(c.console().idleTimeout()).isEqualTo(Duration.ofSeconds(90));
        assertThat(c.toString()).contains("console=idle=90s, max=28800s, sessions<=10000");
        assertThatThrownBy(() -> SampleConfig.from(Map.<String, String>of()::get,
                Map.of("KEYGATE_CONSOLE_IDLE_SECONDS", "x")::get))
                .isInstanceOf(ConfigurationException.class).hasMessageContaining("KEYGATE_CONSOLE_IDLE_SECONDS");
    }
}
