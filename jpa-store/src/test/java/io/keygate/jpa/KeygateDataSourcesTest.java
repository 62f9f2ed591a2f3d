package io.keygate.jpa;

import com.zaxxer.hikari.HikariDataSource;
import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

class KeygateDataSourcesTest {

    @Test
    void fromJdbcUrlWhenSupportedThenDatabaseDetected() {
        assertThat(KeygateDatabase.fromJdbcUrl("jdbc:h2:mem:x")).isEqualTo(KeygateDatabase.H2);
        assertThat(KeygateDatabase.fromJdbcUrl("JDBC:PostgreSQL://db/app")).isEqualTo(KeygateDatabase.POSTGRESQL);
        assertThat(KeygateDatabase.fromJdbcUrl("jdbc:mariadb://db:3306/app")).isEqualTo(KeygateDatabase.MARIADB);
    }

    @Test
    void fromJdbcUrlWhenUnsupportedThenMessageNamesSchemeButNeverTheRestOfTheUrl() {
        assertThatThrownBy(() -> KeygateDatabase.fromJdbcUrl("jdbc:oracle:thin:scott/tiger@db:1521/app"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("jdbc:oracle:")
                .hasMessageContaining("jdbc:h2:, jdbc:postgresql: and jdbc:mariadb:")
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain("tiger"));
        assertThatThrownBy(() -> KeygateDatabase.fromJdbcUrl(" ")).hasMessageContaining("jdbcUrl is required");
    }

    @Test
    void buildWhenSettingOutOfRangeThenMessageNamesParameterValueAndRule() {
        assertThatThrownBy(() -> KeygateDataSources.builder("jdbc:h2:mem:x").maximumPoolSize(0).build())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("0 is wrong value for maximumPoolSize, because it must be 1..1000");
        assertThatThrownBy(() -> KeygateDataSources.builder("jdbc:h2:mem:x")
                .connectionTimeout(Duration.ofMillis(100)).build())
                .hasMessage("PT0.1S is wrong value for connectionTimeout, because it must be at least 250 ms");
        assertThatThrownBy(() -> KeygateDataSources.builder("jdbc:h2:mem:x")
                .validationTimeout(Duration.ofSeconds(5)).build())
                .hasMessageContaining("validationTimeout").hasMessageContaining("below connectionTimeout");
        assertThatThrownBy(() -> KeygateDataSources.builder("jdbc:h2:mem:x").socketTimeout(Duration.ZERO).build())
                .hasMessageContaining("socketTimeout").hasMessageContaining("at least 1 s");
    }

    @Test
    void buildWhenDefaultsThenTimeoutsSuitAWebApplication() {
        try (HikariDataSource pool = KeygateDataSources.pool("jdbc:postgresql://127.0.0.1:5432/test", "postgres", "")) {
            assertThat(pool.getConnectionTimeout()).isEqualTo(2_000);
            assertThat(pool.getValidationTimeout()).isEqualTo(1_000);
            assertThat(pool.getMaximumPoolSize()).isEqualTo(10);
            assertThat(pool.getDriverClassName()).isEqualTo("org.postgresql.Driver");
            assertThat(pool.getDataSourceProperties()).containsEntry("socketTimeout", "10")
                    .containsEntry("connectTimeout", "2");
        }
        try (HikariDataSource pool = KeygateDataSources.pool("jdbc:mariadb://127.0.0.1:3306/test", "root", "")) {
            assertThat(pool.getDataSourceProperties()).containsEntry("socketTimeout", "10000")
                    .containsEntry("connectTimeout", "2000");
        }
    }

    @Test
    void closeWhenStoreAndPoolClosedThenNoThreadOfThemRemains() {
        String name = "keygate-lifecycle";
        try (ScratchDatabase database = ScratchDatabase.h2()) {
            HikariDataSource pool = KeygateDataSources.builder(database.jdbcUrl).user("sa").password("")
                    .poolName(name).build();
            JpaApiKeyStore store = JpaApiKeyStore.create(pool);
            assertThat(store.isAvailable()).isTrue();
            assertThat(threadsNamed(name)).isPositive();

            store.close();
            pool.close();

            await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(threadsNamed(name)).isZero());
        }
    }

    private static long threadsNamed(String prefix) {
        return Thread.getAllStackTraces().keySet().stream()
                .filter(t -> t.isAlive() && t.getName().startsWith(prefix)).count();
    }

    @Test
    void queryTimeoutWhenNotWholeSecondsThenRejectedWithRule() {
        try (ScratchDatabase database = ScratchDatabase.h2()) {
            assertThatThrownBy(() -> JpaApiKeyStore.create(database.dataSource(), KeygateDatabase.H2,
                    Duration.ofMillis(1500)))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessage("PT1.5S is wrong value for queryTimeout, because it must be whole seconds from 1 s "
                            + "to 5 min (JDBC statement timeouts count seconds)");
        }
    }
}
