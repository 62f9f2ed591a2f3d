package io.keygate.sample.app;

import io.keygate.Keygate;
import io.keygate.sample.config.ConfigurationException;
import io.keygate.sample.config.SampleConfig;
import jakarta.servlet.ServletContext;
import jakarta.servlet.ServletContextEvent;
import jakarta.servlet.ServletContextListener;

import java.lang.System.Logger.Level;
import java.sql.Driver;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Clock;
import java.util.Collections;

/**
 * Starts the sample when the container deploys it (declared in {@code web.xml}, so it runs before the filter's
 * {@code init}) and stops it on undeploy.
 *
 * <p>Start: reads {@link SampleConfig} (system properties win over environment variables), builds
 * {@link SampleApplication} and publishes its {@link Keygate} under {@link Keygate#CONTEXT_ATTRIBUTE}, where the
 * web.xml-declared {@code ApiKeyAuthFilter} finds it. A bad configuration throws, which fails the deployment; the
 * reason is logged at ERROR and printed to standard error in one line.
 *
 * <p>Stop: closes the application (key store, Keygate and rate limiter, Redis client, entity manager factory,
 * meter registry, pool) and deregisters the JDBC drivers this web application loaded, so undeploy leaves no
 * thread, connection or driver behind.
 */
public class KeygateSampleListener implements ServletContextListener {

    private static final System.Logger LOG = System.getLogger(KeygateSampleListener.class.getName());

    @Override
    public void contextInitialized(ServletContextEvent event) {
        ServletContext context = event.getServletContext();
        SampleApplication app;
        try {
            app = SampleApplication.start(SampleConfig.fromSystem(), Clock.systemUTC(), System.out);
        } catch (ConfigurationException e) {
            NettyThreadLocalCleaner.clean();
            String message = "keygate sample: cannot start: " + e.getMessage();
            LOG.log(Level.ERROR, message);
            System.err.println(message);
            deregisterDrivers();
            throw new IllegalStateException(message, e);
        }
        context.setAttribute(SampleApplication.CONTEXT_ATTRIBUTE, app);
        context.setAttribute(Keygate.CONTEXT_ATTRIBUTE, app.keygate());
        // the deploying thread is the container's: nothing of ours may stay attached to it
        NettyThreadLocalCleaner.clean();
        // the container knows its port, the application does not: the README's jetty:run passes the base URL
        String base = System.getProperty("keygate.sample.url", "") + context.getContextPath();
        System.out.println("keygate: sample ready at " + (base.isEmpty() ? "context path ''" : base)
                + ": workflows under " + base + "/developer/api/workflows, keys under " + base
                + "/admin/api/keys, " + base + "/health and " + base + "/metrics");
    }

    @Override
    public void contextDestroyed(ServletContextEvent event) {
        ServletContext context = event.getServletContext();
        Object app = context.getAttribute(SampleApplication.CONTEXT_ATTRIBUTE);
        context.removeAttribute(Keygate.CONTEXT_ATTRIBUTE);
        context.removeAttribute(SampleApplication.CONTEXT_ATTRIBUTE);
        if (app instanceof SampleApplication s) {
            s.close();
        }
        deregisterDrivers();
        NettyThreadLocalCleaner.clean();
    }

    /** Drivers register themselves in the JVM-wide DriverManager; ours must go with our class loader. */
    private static void deregisterDrivers() {
        ClassLoader ours = KeygateSampleListener.class.getClassLoader();
        for (Driver driver : Collections.list(DriverManager.getDrivers())) {
            if (driver.getClass().getClassLoader() == ours) {
                try {
                    DriverManager.deregisterDriver(driver);
                } catch (SQLException | SecurityException e) {
                    LOG.log(Level.WARNING, "keygate sample: cannot deregister " + driver.getClass().getName() + ": " + e);
                }
            }
        }
    }
}
