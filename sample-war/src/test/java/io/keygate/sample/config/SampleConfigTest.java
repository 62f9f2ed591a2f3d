package io.keygate.sample.config;

import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class SampleConfigTest {

    private static SampleConfig read(Map<String, String> properties, Map<String, String> environment) {
        return SampleConfig.from(properties::get, environment::get);
    }

    @Test
    void fromWhenNothingIsSetThenEmbeddedH2UnderHomeWithUserSa() {
        SampleConfig c = read(Map.of(), Map.of());
        assertThat(c.jdbcUrl()).isEqualTo(SampleConfig.DEFAULT_JDBC_URL + SampleConfig.H2_NO_CLOSE_ON_EXIT);
        assertThat(c.jdbcUser()).isEqualTo("sa");
        assertThat(c.jdbcPassword()).isEmpty();
        assertThat(c.redisUrl()).isNull();
        assertThat(c.bootstrapKey()).isNull();
        assertThat(c.h2Directory()).isEqualTo(java.nio.file.Path.of(System.getProperty("user.home"), ".keygate"));
    }

    @Test
    void fromWhenPropertyAndEnvironmentBothSetThenPropertyWins() {
        SampleConfig c = read(Map.of("keygate.jdbc.url", "jdbc:postgresql://db/prop", "keygate.jdbc.user", "p"),
                Map.of("KEYGATE_JDBC_URL", "jdbc:postgresql://db/env", "KEYGATE_JDBC_USER", "e",
                        "KEYGATE_JDBC_PASSWORD", "secret"));
        assertThat(c.jdbcUrl()).isEqualTo("jdbc:postgresql://db/prop");
        assertThat(c.jdbcUser()).isEqualTo("p");
        assertThat(c.jdbcPassword()).isEqualTo("secret");
    }

    @Test
    void fromWhenPropertyIsBlankThenEnvironmentIsUsed() {
        SampleConfig c = read(Map.of("keygate.redis.url", " "), Map.of("KEYGATE_REDIS_URL", "redis://127.0.0.1:6379"));
        assertThat(c.redisUrl()).isEqualTo("redis://127.0.0.1:6379");
    }

    @Test
    void fromWhenEmbeddedH2UrlLacksCloseOnExitThenItIsAddedButNotForServerUrls() {
        assertThat(read(Map.of(), Map.of("KEYGATE_JDBC_URL", "jdbc:h2:file:/tmp/x")).jdbcUrl())
                .isEqualTo("jdbc:h2:file:/tmp/x;DB_CLOSE_ON_EXIT=FALSE");
        assertThat(read(Map.of(), Map.of("KEYGATE_JDBC_URL", "jdbc:h2:file:/tmp/x;db_close_on_exit=true")).jdbcUrl())
                .isEqualTo("jdbc:h2:file:/tmp/x;db_close_on_exit=true");
        assertThat(read(Map.of(), Map.of("KEYGATE_JDBC_URL", "jdbc:h2:tcp://host/x")).jdbcUrl())
                .isEqualTo("jdbc:h2:tcp://host/x");
    }

    @Test
    void constructorWhenUrlIsNotJdbcThenMessageNamesTheVariableAndRule() {
        assertThatThrownBy(() -> read(Map.of(), Map.of("KEYGATE_JDBC_URL", "postgres://db")))
                .isInstanceOf(ConfigurationException.class)
                .hasMessageContaining("KEYGATE_JDBC_URL")
                .hasMessageContaining("must be a JDBC URL");
    }

    @Test
    void constructorWhenRedisUrlHasAnotherSchemeThenRefused() {
        assertThatThrownBy(() -> read(Map.of(), Map.of("KEYGATE_REDIS_URL", "http://redis")))
                .isInstanceOf(ConfigurationException.class)
                .hasMessageContaining("KEYGATE_REDIS_URL");
    }

    @Test
    void constructorWhenRedisUrlIsAClusterOrSentinelUrlThenAccepted() {
        assertThat(read(Map.of(), Map.of("KEYGATE_REDIS_URL", "redis-cluster://10.0.0.1:7000,10.0.0.2:7001"))
                .redisUrl()).isEqualTo("redis-cluster://10.0.0.1:7000,10.0.0.2:7001");
        assertThat(read(Map.of(), Map.of("KEYGATE_REDIS_URL", "redis-sentinel://10.0.0.1:26379/0#main"))
                .redisUrl()).isEqualTo("redis-sentinel://10.0.0.1:26379/0#main");
    }

    @Test
    void toStringNeverShowsPasswordBootstrapKeyOrUrlCredentials() {
        SampleConfig c = read(Map.of(), Map.of("KEYGATE_JDBC_URL", "jdbc:postgresql://db/x?password=hunter2",
                "KEYGATE_JDBC_PASSWORD", "hunter3", "KEYGATE_BOOTSTRAP_KEY", "sk_live_secret",
                "KEYGATE_REDIS_URL", "redis://:hunter4@redis:6379"));
        assertThat(c.toString()).doesNotContain("hunter2", "hunter3", "hunter4", "sk_live_secret")
                .contains("bootstrapKey=given");
    }
}
