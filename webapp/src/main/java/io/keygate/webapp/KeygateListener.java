package io.keygate.webapp;

import io.keygate.Keygate;
import io.keygate.limit.RateLimiter;
import jakarta.servlet.ServletContext;
import jakarta.servlet.ServletContextEvent;
import jakarta.servlet.ServletContextListener;

import java.lang.System.Logger.Level;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * keygate for a WAR configured by {@code web.xml} alone. Declare it before the filter (listeners start before
 * filters are initialized):
 *
 * <pre>{@code
 * <listener><listener-class>io.keygate.webapp.KeygateListener</listener-class></listener>
 * <filter><filter-name>keygate</filter-name><filter-class>io.keygate.http.ApiKeyAuthFilter</filter-class></filter>
 * <filter-mapping><filter-name>keygate</filter-name><url-pattern>/api/*</url-pattern></filter-mapping>
 * }</pre>
 *
 * <p>At deployment it reads the {@code keygate.*} context-params ({@link WebappSettings}: database, default plan,
 * bootstrap key), runs keygate's migrations, builds the key store, usage store, plan resolver, rate limiter and
 * {@link Keygate} ({@link KeygateRuntime}), creates a first admin key when none exists (printed once to standard
 * output) and publishes everything for the filter and the {@code /health} and {@code /metrics} servlets. A bad
 * parameter, or a database it cannot reach, fails the deployment with a message that names the cause.
 *
 * <p>Redis: add {@code keygate-redis} and declare its {@code io.keygate.redis.RedisKeygateListener} <em>before</em>
 * this one; this listener then counts limits with the limiter that listener publishes under
 * {@link RateLimiter#CONTEXT_ATTRIBUTE}.
 *
 * <p>At undeploy (after the container has destroyed the filter, whose final last-used and usage flushes go through
 * the still-open pool) it closes the Keygate, the store, the pool and the meter registry, in that order, and
 * deregisters the JDBC drivers the web application loaded.
 */
public class KeygateListener implements ServletContextListener {

    private static final System.Logger LOG = System.getLogger(KeygateListener.class.getName());

    @Override
    public void contextInitialized(ServletContextEvent event) {
        ServletContext context = event.getServletContext();
        KeygateRuntime runtime;
        try {
            WebappSettings settings = WebappSettings.from(contextParams(context), System::getProperty,
                    System::getenv, context.getContextPath());
            Object published = context.getAttribute(RateLimiter.CONTEXT_ATTRIBUTE);
            runtime = KeygateRuntime.builder(settings)
                    .rateLimiter(published instanceof RateLimiter limiter ? limiter : null)
                    .bootstrapKeyName(WebappSettings.BOOTSTRAP_KEY)
                    .start();
        } catch (IllegalArgumentException | IllegalStateException e) {
            String message = "keygate: cannot start " + describe(context) + ": " + e.getMessage();
            LOG.log(Level.ERROR, message);
            JdbcDrivers.deregisterLoadedBy(context.getClassLoader());
            throw new IllegalStateException(message, e);
        }
        runtime.publish(context);
    }

    @Override
    public void contextDestroyed(ServletContextEvent event) {
        ServletContext context = event.getServletContext();
        Object runtime = context.getAttribute(KeygateRuntime.CONTEXT_ATTRIBUTE);
        KeygateRuntime.unpublish(context);
        if (runtime instanceof KeygateRuntime r) {
            r.close();
        }
        JdbcDrivers.deregisterLoadedBy(context.getClassLoader());
    }

    /** The {@code keygate.*} context-params. */
    static Map<String, String> contextParams(ServletContext context) {
        Map<String, String> params = new LinkedHashMap<>();
        for (String name : Collections.list(context.getInitParameterNames())) {
            if (name.startsWith(WebappSettings.PREFIX)) {
                params.put(name, context.getInitParameter(name));
            }
        }
        return params;
    }

    private static String describe(ServletContext context) {
        String path = context.getContextPath();
        return "web application '" + (path.isEmpty() ? "/" : path) + "'";
    }
}
