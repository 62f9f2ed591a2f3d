package io.keygate.webapp.readme;

// tag::runtime[]
import io.keygate.limit.PlanResolver;
import io.keygate.webapp.KeygateRuntime;
import io.keygate.webapp.WebappSettings;
import jakarta.servlet.ServletContextEvent;
import jakarta.servlet.ServletContextListener;

import java.util.Map;

public class RuntimeSetup implements ServletContextListener {
    private final PlanResolver myPlans;      // e.g. plans from your customer table
    private KeygateRuntime runtime;

    public RuntimeSetup(PlanResolver myPlans) {
        this.myPlans = myPlans;
    }

    @Override
    public void contextInitialized(ServletContextEvent event) {
        WebappSettings settings = WebappSettings.from(Map.of(
                WebappSettings.JDBC_URL, "jdbc:postgresql://db:5432/app",
                WebappSettings.JDBC_USER, "app",
                WebappSettings.JDBC_PASSWORD, System.getenv("DB_PASSWORD")));
        runtime = KeygateRuntime.builder(settings)
                .afterMigrations(setup -> { /* your own migrations on setup.dataSource() */ })
                .keygate((setup, keygate) -> keygate.planResolver(myPlans))
                .start();                             // pool, migrations, stores, Keygate, bootstrap key
        runtime.publish(event.getServletContext());   // for ApiKeyAuthFilter, /health and /metrics
    }

    @Override
    public void contextDestroyed(ServletContextEvent event) {
        KeygateRuntime.unpublish(event.getServletContext());
        runtime.close();
    }
}
// end::runtime[]
