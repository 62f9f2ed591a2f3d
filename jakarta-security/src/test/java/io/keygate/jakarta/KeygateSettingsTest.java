package io.keygate.jakarta;

import io.keygate.http.AuthSettings;
import io.keygate.http.HeaderDialect;
import org.eclipse.microprofile.config.Config;
import org.eclipse.microprofile.config.spi.ConfigBuilder;
import org.eclipse.microprofile.config.spi.ConfigProviderResolver;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.mockito.ArgumentMatchers.anyString;
import static org.mockito.ArgumentMatchers.eq;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.when;

class KeygateSettingsTest {

    private static final ClassLoader TEST_LOADER = KeygateSettingsTest.class.getClassLoader();
    /** Sees only the JDK: no MicroProfile Config. */
    private static final ClassLoader BARE_LOADER = new ClassLoader(null) {
    };

    @AfterEach
    void forgetConfig() {
        ConfigProviderResolver.setInstance(null);
    }

    /** MicroProfile Config answering with {@code values} (by full key). */
    private static void microProfileConfig(Map<String, String> values) {
        Config config = mock(Config.class);
        when(config.getOptionalValue(anyString(), eq(String.class)))
                .thenAnswer(i -> Optional.ofNullable(values.get(i.<String>getArgument(0))));
        when(config.getPropertyNames()).thenReturn(List.copyOf(values.keySet()));
        ConfigProviderResolver.setInstance(new ConfigProviderResolver() {
            @Override
            public Config getConfig() {
                return config;
            }

            @Override
            public Config getConfig(ClassLoader loader) {
                return config;
            }

            @Override
            public ConfigBuilder getBuilder() {
                throw new UnsupportedOperationException();
            }

            @Override
            public void registerConfig(Config c, ClassLoader loader) {
            }

            @Override
            public void releaseConfig(Config c) {
            }
        });
    }

    @Test
    void resolveWhenApplicationHasAnAuthSettingsBeanThenTheBeanWinsOverMicroProfileConfig() {
        microProfileConfig(Map.of("keygate.auth.realm", "from-config"));
        AuthSettings bean = AuthSettings.builder().realm("from-bean").build();

        KeygateSettings.Resolved resolved = KeygateSettings.resolve(Optional.of(() -> bean), TEST_LOADER);

        assertThat(resolved.settings().realm()).isEqualTo("from-bean");
        assertThat(resolved.source()).contains("AuthSettings bean");
    }

    @Test
    void resolveWhenMicroProfileConfigHasKeygateKeysThenTheyApply() {
        microProfileConfig(Map.of("keygate.auth.realm", "orders", "keygate.auth.rate-limit-headers", "x-iso",
                "keygate.auth.exclude-paths", "/health, /public/**", "keygate.jdbc.url", "jdbc:h2:mem:x"));

        AuthSettings settings = KeygateSettings.resolve(Optional.empty(), TEST_LOADER).settings();

        assertThat(settings.realm()).isEqualTo("orders");
        assertThat(settings.rateLimitHeaders()).isEqualTo(HeaderDialect.X_ISO);
        assertThat(settings.excludePaths()).hasSize(2);
    }

    @Test
    void resolveWhenMicroProfileValueIsBadThenFailsNamingKeyValueAndRule() {
        microProfileConfig(Map.of("keygate.auth.cache-max-size", "lots"));

        assertThatThrownBy(() -> KeygateSettings.resolve(Optional.empty(), TEST_LOADER))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("keygate.auth.")
                .hasMessageContaining("'lots' is wrong value for cache-max-size")
                .hasMessageContaining("whole number");
    }

    @Test
    void resolveWhenUnknownKeyUnderThePrefixThenFailsNamingIt() {
        microProfileConfig(Map.of("keygate.auth.admin-path", "/admin/**"));

        assertThatThrownBy(() -> KeygateSettings.resolve(Optional.empty(), TEST_LOADER))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("admin-path");
    }

    @Test
    void resolveWhenNoMicroProfileConfigOnTheClassPathThenDefaults() {
        KeygateSettings.Resolved resolved = KeygateSettings.resolve(Optional.empty(), BARE_LOADER);

        assertThat(resolved.settings()).isEqualTo(AuthSettings.defaults());
        assertThat(resolved.source()).contains("defaults");
    }

    @Test
    void resolveWhenMicroProfileApiHasNoImplementationThenDefaults() {
        // no resolver set and none on the test class path
        KeygateSettings.Resolved resolved = KeygateSettings.resolve(Optional.empty(), TEST_LOADER);

        assertThat(resolved.settings()).isEqualTo(AuthSettings.defaults());
        assertThat(resolved.source()).contains("without an implementation");
    }
}
