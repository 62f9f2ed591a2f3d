package io.keygate.redis;

import io.keygate.Keygate;
import io.keygate.limit.RateLimiter;
import jakarta.servlet.ServletContext;
import jakarta.servlet.ServletContextAttributeEvent;
import jakarta.servlet.ServletContextAttributeListener;
import jakarta.servlet.ServletContextEvent;
import jakarta.servlet.ServletContextListener;

import java.lang.System.Logger.Level;
import java.util.Collections;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Enables the Redis backends from {@code web.xml} alone. Declare it <em>before</em> the application's own listener
 * that builds the {@link Keygate}:
 *
 * <pre>{@code
 * <context-param><param-name>keygate.redis.url</param-name><param-value>redis://10.0.0.5:6379/0</param-value></context-param>
 * <context-param><param-name>keygate.redis.outage-policy</param-name><param-value>local</param-value></context-param>
 * <listener><listener-class>io.keygate.redis.RedisKeygateListener</listener-class></listener>
 * }</pre>
 *
 * <ol>
 *   <li>At start it reads the {@code keygate.redis.*} parameters ({@link #parameters}: context parameter, else
 *       system property, else environment variable such as {@code KEYGATE_REDIS_URL}). Without a URL it does
 *       nothing. A bad or unknown parameter fails deployment with a message naming it.</li>
 *   <li>It publishes the {@link RedisKeygate} under {@link RedisKeygate#CONTEXT_ATTRIBUTE} and its rate limiter
 *       under {@link RateLimiter#CONTEXT_ATTRIBUTE}; the application passes {@code redis.rateLimiter()} to
 *       {@code Keygate.builder().rateLimiter(...)} (the {@code keygate-webapp} listener, declared after this one,
 *       takes the limiter from that attribute by itself).</li>
 *   <li>When the application then publishes its {@code Keygate} under {@link Keygate#CONTEXT_ATTRIBUTE}, this
 *       listener attaches the revocation broadcast to its {@code ApiKeyService} (unless
 *       {@code keygate.redis.broadcast=false}).</li>
 *   <li>On undeploy it closes the {@link RedisKeygate} (connections and threads).</li>
 * </ol>
 *
 * Meters go to Micrometer's global registry; to use another registry or clock, build the {@link RedisKeygate} in
 * code with {@link RedisKeygate#create(RedisSettings, java.time.Clock, io.micrometer.core.instrument.MeterRegistry)}.
 */
public final class RedisKeygateListener implements ServletContextListener, ServletContextAttributeListener {

    private static final System.Logger LOG = System.getLogger(RedisKeygateListener.class.getName());

    private volatile RedisKeygate redis;

    @Override
    public void contextInitialized(ServletContextEvent event) {
        ServletContext context = event.getServletContext();
        Optional<RedisSettings> settings = RedisSettings.fromParameters(parameters(context));
        if (settings.isEmpty()) {
            LOG.log(Level.INFO, "keygate: " + RedisSettings.URL + " is not set; Redis backends are off");
            return;
        }
        redis = RedisKeygate.create(settings.get());
        context.setAttribute(RedisKeygate.CONTEXT_ATTRIBUTE, redis);
        // for a listener declared after this one that builds the Keygate without knowing Redis (keygate-webapp)
        context.setAttribute(RateLimiter.CONTEXT_ATTRIBUTE, redis.rateLimiter());
        attachTo(context.getAttribute(Keygate.CONTEXT_ATTRIBUTE));
    }

    @Override
    public void attributeAdded(ServletContextAttributeEvent event) {
        if (Keygate.CONTEXT_ATTRIBUTE.equals(event.getName())) {
            attachTo(event.getValue());
        }
    }

    @Override
    public void attributeReplaced(ServletContextAttributeEvent event) {
        if (Keygate.CONTEXT_ATTRIBUTE.equals(event.getName())) {
            // event.getValue() is the old value here; read the new one
            attachTo(event.getServletContext().getAttribute(Keygate.CONTEXT_ATTRIBUTE));
        }
    }

    @Override
    public void contextDestroyed(ServletContextEvent event) {
        RedisKeygate r = redis;
        redis = null;
        if (r != null) {
            event.getServletContext().removeAttribute(RedisKeygate.CONTEXT_ATTRIBUTE);
            event.getServletContext().removeAttribute(RateLimiter.CONTEXT_ATTRIBUTE);
            r.close();
        }
    }

    private void attachTo(Object keygate) {
        RedisKeygate r = redis;
        if (r == null || !(keygate instanceof Keygate k)) {
            return;
        }
        if (k.rateLimiter() != r.rateLimiter()) {
            LOG.log(Level.WARNING, "keygate: the published Keygate counts with " + k.rateLimiter().getClass()
                    .getSimpleName() + ", not with Redis: limits hold per node only. Declare " + getClass()
                    .getSimpleName() + " before the listener that builds the Keygate and pass it the limiter from"
                    + " the '" + RedisKeygate.CONTEXT_ATTRIBUTE + "' attribute");
        }
        if (!r.settings().broadcast()) {
            return;
        }
        try {
            r.attach(k.service());
        } catch (IllegalStateException e) {
            // a second, different Keygate: keep serving, but say that its revocations are not broadcast
            LOG.log(Level.WARNING, "keygate: revocation broadcast not attached to the new Keygate: " + e.getMessage());
        }
    }

    /**
     * The {@code keygate.redis.*} parameters of a web application: the context parameter, else the system property
     * of the same name, else the environment variable ({@link RedisSettings#environmentParameters()}). Unknown
     * {@code keygate.redis.*} context parameters are kept so that validation reports them.
     */
    public static Map<String, String> parameters(ServletContext context) {
        Map<String, String> out = new HashMap<>(RedisSettings.environmentParameters());
        for (String name : Collections.list(context.getInitParameterNames())) {
            if (name.startsWith(RedisSettings.PARAMETER_PREFIX)) {
                out.put(name, context.getInitParameter(name));
            }
        }
        return out;
    }
}
