package io.keygate.redis;

import io.keygate.Keygate;
import io.keygate.limit.Limit;
import io.keygate.limit.RateLimitDecision;
import io.keygate.store.InMemoryApiKeyStore;
import io.keygate.testing.MutableClock;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import jakarta.servlet.ServletContextEvent;
import jakarta.servlet.ServletContextListener;
import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.eclipse.jetty.server.Server;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/** Start, web.xml-style enabling, script cache loss and release of every thread and connection. */
class RedisKeygateLifecycleTest {

    private TestRedis redis;

    @BeforeEach
    void connect() {
        redis = TestRedis.shared();
    }

    @AfterEach
    void cleanUp() {
        redis.close();
    }

    static long lettuceThreads() {
        return Thread.getAllStackTraces().keySet().stream()
                .filter(t -> t.isAlive() && t.getName().startsWith("lettuce-")).count();
    }

    @Test
    void keygateCloseWhenRedisLimiterPluggedInThenClientThreadsAndBroadcastAreReleased() {
        long before = lettuceThreads();
        RedisKeygate redisKeygate = RedisKeygate.create(RedisSettings.builder(TestRedis.URL).keyPrefix(redis.prefix)
                .channel(redis.prefix + "revocations").build(), Clock.systemUTC(), new SimpleMeterRegistry());
        Keygate keygate = Keygate.builder().store(new InMemoryApiKeyStore())
                .rateLimiter(redisKeygate.rateLimiter()).build();
        RedisRevocationBroadcast broadcast = redisKeygate.attach(keygate.service());
        await().atMost(Duration.ofSeconds(5)).until(broadcast::subscribed);
        assertThat(lettuceThreads()).isGreaterThan(before);

        keygate.close();

        await().atMost(Duration.ofSeconds(10)).until(() -> lettuceThreads() <= before);
        assertThat(broadcast.subscribed()).isFalse();
        assertThatThrownBy(() -> redisKeygate.attach(keygate.service()))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("closed");
    }

    @Test
    void attachWhenAlreadyAttachedToAnotherServiceThenFailsAndSameServiceIsIdempotent() {
        try (RedisKeygate redisKeygate = RedisKeygate.create(RedisSettings.builder(TestRedis.URL)
                .keyPrefix(redis.prefix).channel(redis.prefix + "revocations").build(), Clock.systemUTC(),
                new SimpleMeterRegistry())) {
            Keygate one = Keygate.builder().store(new InMemoryApiKeyStore()).build();
            Keygate other = Keygate.builder().store(new InMemoryApiKeyStore()).build();

            RedisRevocationBroadcast first = redisKeygate.attach(one.service());

            assertThat(redisKeygate.attach(one.service())).isSameAs(first);
            assertThatThrownBy(() -> redisKeygate.attach(other.service()))
                    .isInstanceOf(IllegalStateException.class).hasMessageContaining("another ApiKeyService");
        }
    }

    @Test
    void tryAcquireWhenRedisForgotTheScriptThenItIsSentAgainWithoutAFallback() throws Exception {
        try (RedisServerProcess server = RedisServerProcess.onFreePort()) {
            server.start();
            SimpleMeterRegistry registry = new SimpleMeterRegistry();
            MutableClock clock = TestClocks.atWindowOffset(60, 0);
            try (RedisKeygate node = RedisKeygate.create(RedisSettings.builder(server.url()).keyPrefix(redis.prefix)
                    .retryInterval(Duration.ofMillis(50)).build(), clock, registry);
                 TestRedis own = TestRedis.at(server.url())) {
                List<Limit> limits = List.of(new Limit(10, 60));
                await().atMost(Duration.ofSeconds(5)).until(() -> node.rateLimiter().tryAcquire("key_script", limits)
                        instanceof RateLimitDecision.Admitted a && a.window() != null && !node.rateLimiter().degraded());
                double fallbacksBefore = registry.get(RedisMetrics.FALLBACKS).counter().count();

                own.commands().scriptFlush();
                RateLimitDecision afterFlush = node.rateLimiter().tryAcquire("key_script", limits);

                assertThat(afterFlush).isInstanceOf(RateLimitDecision.Admitted.class);
                assertThat(registry.get(RedisMetrics.FALLBACKS).counter().count()).isEqualTo(fallbacksBefore);
                assertThat(own.commands().get(redis.prefix + "{key_script}:60:" + clock.millis() / 1000))
                        .isEqualTo(Long.toString(((RateLimitDecision.Admitted) afterFlush).window().limit().limit()
                                - ((RateLimitDecision.Admitted) afterFlush).window().remaining()));
                assertThat(own.commands().scriptExists(LuaScript.RESERVE.sha1())).containsExactly(true);
            }
        }
    }

    @Test
    void listenerWhenContextParamsSetThenPublishesRedisKeygateAttachesBroadcastAndClosesOnUndeploy()
            throws Exception {
        long before = lettuceThreads();
        Server server = new Server(0);
        ServletContextHandler context = new ServletContextHandler("/");
        context.setInitParameter(RedisSettings.URL, TestRedis.URL);
        context.setInitParameter(RedisSettings.KEY_PREFIX, redis.prefix);
        context.setInitParameter(RedisSettings.CHANNEL, redis.prefix + "revocations");
        context.setInitParameter(RedisSettings.OUTAGE_POLICY, "closed");
        context.addEventListener(new RedisKeygateListener());
        context.addEventListener(new ApplicationListener());
        server.setHandler(context);
        server.start();
        try {
            RedisKeygate redisKeygate = (RedisKeygate) context.getServletContext()
                    .getAttribute(RedisKeygate.CONTEXT_ATTRIBUTE);
            Keygate keygate = (Keygate) context.getServletContext().getAttribute(Keygate.CONTEXT_ATTRIBUTE);

            assertThat(redisKeygate.settings().outagePolicy()).isEqualTo(OutagePolicy.CLOSED);
            assertThat(keygate.rateLimiter()).isSameAs(redisKeygate.rateLimiter());
            assertThat(redisKeygate.broadcast()).as("attached when the application published its Keygate")
                    .isNotNull();
            await().atMost(Duration.ofSeconds(5)).until(() -> redisKeygate.broadcast().subscribed());
        } finally {
            server.stop();
        }
        await().atMost(Duration.ofSeconds(10)).until(() -> lettuceThreads() <= before);
    }

    @Test
    void listenerWhenDeclaredAfterTheApplicationListenerThenWarnsThatLimitsAreLocal() throws Exception {
        Server server = new Server(0);
        ServletContextHandler context = new ServletContextHandler("/");
        context.setInitParameter(RedisSettings.URL, TestRedis.URL);
        context.setInitParameter(RedisSettings.KEY_PREFIX, redis.prefix);
        context.setInitParameter(RedisSettings.CHANNEL, redis.prefix + "revocations");
        context.addEventListener((ServletContextListener) new ServletContextListener() {
            @Override
            public void contextInitialized(ServletContextEvent event) {
                event.getServletContext().setAttribute(Keygate.CONTEXT_ATTRIBUTE,
                        Keygate.builder().store(new InMemoryApiKeyStore()).build());
            }
        });
        context.addEventListener(new RedisKeygateListener());
        server.setHandler(context);
        try (RedisRevocationBroadcastTest.LogCapture log = RedisRevocationBroadcastTest.LogCapture.of(
                RedisKeygateListener.class)) {
            server.start();

            assertThat(log.warnings()).anyMatch(m -> m.contains("InProcessRateLimiter, not with Redis"));
        } finally {
            server.stop();
        }
    }

    @Test
    void listenerWhenParameterIsBadThenDeploymentFailsNamingIt() throws Exception {
        Server server = new Server(0);
        ServletContextHandler context = new ServletContextHandler("/");
        context.setInitParameter(RedisSettings.URL, TestRedis.URL);
        context.setInitParameter(RedisSettings.OUTAGE_POLICY, "maybe");
        context.addEventListener(new RedisKeygateListener());
        server.setHandler(context);
        try {
            assertThatThrownBy(server::start).hasStackTraceContaining(
                    "'maybe' is wrong value for keygate.redis.outage-policy, because it must be one of local, open, closed");
            assertThat(context.getServletContext().getAttribute(RedisKeygate.CONTEXT_ATTRIBUTE)).isNull();
        } finally {
            server.stop();
        }
    }

    @Test
    void listenerWhenNoUrlThenRedisStaysOff() throws Exception {
        Server server = new Server(0);
        ServletContextHandler context = new ServletContextHandler("/");
        context.addEventListener(new RedisKeygateListener());
        server.setHandler(context);
        server.start();
        try {
            assertThat(context.getServletContext().getAttribute(RedisKeygate.CONTEXT_ATTRIBUTE)).isNull();
        } finally {
            server.stop();
        }
    }

    /** What an application's own listener does: build its Keygate on the published RedisKeygate. */
    public static final class ApplicationListener implements ServletContextListener {
        @Override
        public void contextInitialized(ServletContextEvent event) {
            RedisKeygate redisKeygate = (RedisKeygate) event.getServletContext()
                    .getAttribute(RedisKeygate.CONTEXT_ATTRIBUTE);
            Keygate keygate = Keygate.builder().store(new InMemoryApiKeyStore())
                    .rateLimiter(redisKeygate.rateLimiter()).build();
            event.getServletContext().setAttribute(Keygate.CONTEXT_ATTRIBUTE, keygate);
        }
    }
}
