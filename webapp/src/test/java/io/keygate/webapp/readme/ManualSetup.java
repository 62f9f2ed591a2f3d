package io.keygate.webapp.readme;

// tag::manual[]
import com.zaxxer.hikari.HikariDataSource;
import io.keygate.Keygate;
import io.keygate.jpa.JdbcUsageStore;
import io.keygate.jpa.JpaApiKeyStore;
import io.keygate.jpa.KeygateDataSources;
import io.keygate.jpa.KeygateDatabase;
import io.keygate.jpa.KeygateMigrations;
import io.keygate.limit.Limit;
import io.keygate.limit.Plan;
import io.keygate.limit.StaticPlanResolver;
import io.keygate.webapp.JdbcDrivers;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import jakarta.servlet.ServletContextEvent;
import jakarta.servlet.ServletContextListener;
import jakarta.servlet.annotation.WebListener;

@WebListener
public class ManualSetup implements ServletContextListener {
    private HikariDataSource pool;
    private JpaApiKeyStore store;
    private Keygate keygate;
    private PrometheusMeterRegistry meters;

    @Override
    public void contextInitialized(ServletContextEvent event) {
        String url = "jdbc:postgresql://db:5432/app";                        // or jdbc:h2:..., jdbc:mariadb:...
        pool = KeygateDataSources.pool(url, "app", System.getenv("DB_PASSWORD"));
        KeygateMigrations.migrate(pool, KeygateDatabase.POSTGRESQL);
        store = JpaApiKeyStore.create(pool, KeygateDatabase.POSTGRESQL, JpaApiKeyStore.DEFAULT_QUERY_TIMEOUT);
        meters = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        keygate = Keygate.builder()
                .store(store)                                                // required
                .usageStore(new JdbcUsageStore(pool, KeygateDatabase.POSTGRESQL))
                .planResolver(StaticPlanResolver.single(Plan.of("default", new Limit(60, 60))))
                .meterRegistry(meters)
                .build();                                                    // rate limiter: in process
        event.getServletContext().setAttribute(Keygate.CONTEXT_ATTRIBUTE, keygate);
    }

    @Override
    public void contextDestroyed(ServletContextEvent event) {
        // the container destroyed the filter first: its final last-used and usage writes are done
        keygate.close();
        store.close();
        pool.close();
        meters.close();
        JdbcDrivers.deregisterLoadedBy(event.getServletContext().getClassLoader());
    }
}
// end::manual[]
