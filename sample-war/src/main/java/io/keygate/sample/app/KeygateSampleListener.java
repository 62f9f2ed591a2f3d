package io.keygate.sample.app;

import io.keygate.sample.config.ConfigurationException;
import io.keygate.sample.config.SampleConfig;
import io.keygate.webapp.JdbcDrivers;
import io.keygate.webapp.KeygateRuntime;
import jakarta.servlet.ServletContext;
import jakarta.servlet.ServletContextEvent;
import jakarta.servlet.ServletContextListener;

import java.lang.System.Logger.Level;
import java.time.Clock;

/**
 * Starts the sample when the container deploys it (declared in {@code web.xml}, so it runs before the filter's
 * {@code init}) and stops it on undeploy.
 *
 * <p>Start: reads {@link SampleConfig} (system properties win over environment variables), builds
 * {@link SampleApplication} and publishes it with its keygate runtime ({@link KeygateRuntime#publish}: the
 * {@code Keygate} for the web.xml-declared filter, the health check and meter registry for keygate-webapp's
 * {@code /health} and {@code /metrics} servlets). A bad configuration throws, which fails the deployment; the
 * reason is logged at ERROR and printed to standard error in one line.
 *
 * <p>Ready line: with {@code -Dkeygate.sample.url} (set by the README's {@code jetty:run}) the line naming the
 * sample's URLs is printed once that address accepts connections, i.e. when requests are served (the container
 * opens its port only after every application has started). Without it the container's own "started" line says so.
 *
 * <p>Stop: closes the application and deregisters the JDBC drivers this web application loaded, so undeploy leaves
 * no thread, connection or driver behind.
 */
public class KeygateSampleListener implements ServletContextListener {

    /** The sample's base URL as the development server sees it; its port is watched for the ready line. */
    public static final String URL_PROPERTY = "keygate.sample.url";

    private static final System.Logger LOG = System.getLogger(KeygateSampleListener.class.getName());

    private volatile ReadyLine ready;

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
            JdbcDrivers.deregisterLoadedBy(context.getClassLoader());
            throw new IllegalStateException(message, e);
        }
        context.setAttribute(SampleApplication.CONTEXT_ATTRIBUTE, app);
        app.runtime().publish(context);
        // the deploying thread is the container's: nothing of ours may stay attached to it
        NettyThreadLocalCleaner.clean();
        String url = System.getProperty(URL_PROPERTY);
        if (url != null && !url.isBlank()) {
            ready = ReadyLine.announceWhenServing(url + context.getContextPath(), System.out);
        }
    }

    @Override
    public void contextDestroyed(ServletContextEvent event) {
        ServletContext context = event.getServletContext();
        ReadyLine r = ready;
        if (r != null) {
            r.close();
        }
        Object app = context.getAttribute(SampleApplication.CONTEXT_ATTRIBUTE);
        KeygateRuntime.unpublish(context);
        context.removeAttribute(SampleApplication.CONTEXT_ATTRIBUTE);
        if (app instanceof SampleApplication s) {
            s.close();
        }
        JdbcDrivers.deregisterLoadedBy(context.getClassLoader());
        NettyThreadLocalCleaner.clean();
    }
}
