package io.keygate.webapp;

import io.keygate.keys.Environment;
import io.keygate.keys.KeyFormat;
import io.keygate.limit.Limit;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class WebappSettingsTest {

    @Test
    void fromWhenNothingIsSetThenH2FileNamedAfterTheContextWithLimitsAndBootstrapOn() {
        WebappSettings s = WebappSettings.from(Map.of(), p -> null, e -> null, "/orders");

        assertThat(s.jdbcUrl()).isEqualTo("jdbc:h2:file:~/.keygate/orders;DB_CLOSE_ON_EXIT=FALSE");
        assertThat(s.jdbcUser()).isEqualTo("sa");
        assertThat(s.dataSourceName()).isNull();
        assertThat(s.defaultPlan().limits()).containsExactly(new Limit(60, 60), new Limit(10_000, 86_400));
        assertThat(s.defaultPlan().apiAccess()).isTrue();
        assertThat(s.bootstrap()).isTrue();
        assertThat(s.bootstrapKey()).isNull();
        assertThat(s.organization()).isEqualTo("platform");
        assertThat(WebappSettings.from(Map.of(), p -> null, e -> null, "").jdbcUrl())
                .startsWith("jdbc:h2:file:~/.keygate/ROOT;");
    }

    @Test
    void fromWhenContextParamSystemPropertyAndEnvironmentGiveOneThenContextParamWinsThenProperty() {
        Map<String, String> env = Map.of("KEYGATE_PLAN", "1/1", "KEYGATE_ORGANIZATION", "from_env",
                "KEYGATE_JDBC_USER", "env_user");
        Map<String, String> props = Map.of("keygate.plan", "2/2", "keygate.organization", "from_props");
        WebappSettings s = WebappSettings.from(Map.of("keygate.plan", "3/3"), props::get, env::get, "/x");

        assertThat(s.defaultPlan().limits()).containsExactly(new Limit(3, 3));
        assertThat(s.organization()).isEqualTo("from_props");
        assertThat(s.jdbcUser()).isEqualTo("env_user");
    }

    @Test
    void fromWhenEmbeddedH2UrlGivenThenDbCloseOnExitIsAddedUnlessSetAndNeverToServerUrls() {
        assertThat(WebappSettings.from(Map.of("keygate.jdbc.url", "jdbc:h2:/data/k")).jdbcUrl())
                .isEqualTo("jdbc:h2:/data/k;DB_CLOSE_ON_EXIT=FALSE");
        assertThat(WebappSettings.from(Map.of("keygate.jdbc.url", "jdbc:h2:mem:k;db_close_on_exit=true")).jdbcUrl())
                .isEqualTo("jdbc:h2:mem:k;db_close_on_exit=true");
        assertThat(WebappSettings.from(Map.of("keygate.jdbc.url", "jdbc:h2:tcp://db/k")).jdbcUrl())
                .isEqualTo("jdbc:h2:tcp://db/k");
        assertThat(WebappSettings.from(Map.of("keygate.jdbc.url", "jdbc:postgresql://db/k")).jdbcUser()).isNull();
    }

    @Test
    void fromWhenDataSourceNamedThenNoUrlAndNoUser() {
        WebappSettings s = WebappSettings.from(Map.of("keygate.datasource", "java:comp/env/jdbc/keygate"));
        assertThat(s.jdbcUrl()).isNull();
        assertThat(s.jdbcUser()).isNull();
        assertThat(s.describeDatabase()).isEqualTo("java:comp/env/jdbc/keygate");
    }

    @Test
    void fromWhenPlanIsNoneThenNoLimits() {
        assertThat(WebappSettings.from(Map.of("keygate.plan", "none")).defaultPlan().limits()).isEmpty();
    }

    @Test
    void fromWhenUnknownKeygateParamThenFailsNamingItButLeavesOtherModulesParams() {
        assertThatThrownBy(() -> WebappSettings.from(Map.of("keygate.jdbc.uri", "jdbc:h2:mem:x")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("'keygate.jdbc.uri' is not a keygate parameter, because the known ones are ")
                .hasMessageContaining("keygate.jdbc.url");
        assertThat(WebappSettings.from(Map.of("keygate.redis.url", "redis://x", "keygate.auth.realm", "r",
                "other.param", "x")).bootstrap()).isTrue();
    }

    @Test
    void fromWhenValuesAreBadThenEachMessageNamesParameterValueAndRule() {
        assertThatThrownBy(() -> WebappSettings.from(Map.of("keygate.plan", "60 per minute")))
                .hasMessage("'60 per minute' is wrong value for keygate.plan, because it must be comma-separated "
                        + "N/Ws limits (N requests per W seconds, both at least 1, W at most 31536000), e.g. "
                        + "60/60s,10000/86400s, or none");
        assertThatThrownBy(() -> WebappSettings.from(Map.of("keygate.plan", "0/60s")))
                .hasMessageStartingWith("'0/60s' is wrong value for keygate.plan");
        assertThatThrownBy(() -> WebappSettings.from(Map.of("keygate.bootstrap", "yes")))
                .hasMessage("'yes' is wrong value for keygate.bootstrap, because it must be true or false");
        assertThatThrownBy(() -> WebappSettings.from(Map.of("keygate.organization", "acme corp")))
                .hasMessageStartingWith("'acme corp' is wrong value for keygate.organization, because it must be ");
        assertThatThrownBy(() -> WebappSettings.from(Map.of("keygate.jdbc.url", "postgres://db/k")))
                .hasMessageStartingWith("'postgres://db/k' is wrong value for keygate.jdbc.url");
        assertThatThrownBy(() -> WebappSettings.from(Map.of("keygate.datasource", "jdbc/keygate")))
                .hasMessageStartingWith("'jdbc/keygate' is wrong value for keygate.datasource, because it must be "
                        + "a JNDI name starting with 'java:'");
        assertThatThrownBy(() -> WebappSettings.from(Map.of("keygate.datasource", "java:comp/env/jdbc/k",
                "keygate.jdbc.url", "jdbc:h2:mem:k")))
                .hasMessageContaining("give keygate either a JDBC URL or a DataSource");
        assertThatThrownBy(() -> WebappSettings.from(Map.of("keygate.bootstrap", "false",
                "keygate.bootstrap.key", KeyFormat.standard().generate(Environment.LIVE).plaintext())))
                .hasMessageContaining("keygate.bootstrap is false");
    }

    @Test
    void toStringAndMessagesWhenSecretsAreSetThenNeverShowThem() {
        String key = KeyFormat.standard().generate(Environment.LIVE).plaintext();
        WebappSettings s = WebappSettings.from(Map.of("keygate.jdbc.url",
                "jdbc:postgresql://app:hunter2@db/k?password=hunter2", "keygate.jdbc.password", "hunter2",
                "keygate.bootstrap.key", key));
        assertThat(s.toString()).doesNotContain("hunter2").doesNotContain(key).contains("bootstrap=given key");
        assertThat(s.describeDatabase()).isEqualTo("jdbc:postgresql://***@db/k");
    }
}
