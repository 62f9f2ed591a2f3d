package io.keygate.bench.load;

import com.zaxxer.hikari.HikariDataSource;
import io.keygate.Keygate;
import io.keygate.bench.Fixtures;
import io.keygate.bench.fake.CountingStore;
import io.keygate.http.ApiKeyAuthFilter;
import io.keygate.http.AuthSettings;
import io.keygate.jpa.JpaApiKeyStore;
import io.keygate.jpa.KeygateDataSources;
import io.keygate.jpa.KeygateMigrations;
import io.keygate.keys.KeyFormat;
import io.keygate.limit.StaticPlanResolver;
import io.keygate.store.InMemorySigningKeyStore;
import io.keygate.token.TokenService;
import io.keygate.token.TokenSubject;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import jakarta.servlet.DispatcherType;
import org.eclipse.jetty.ee10.servlet.FilterHolder;
import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.eclipse.jetty.ee10.servlet.ServletHolder;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.util.thread.QueuedThreadPool;

import java.util.EnumSet;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The server every HTTP run loads: embedded Jetty 12 (ee10) on 127.0.0.1 with {@link HelloServlet} behind its
 * routes, so that all variants share one connector, one thread pool and one JIT (and {@code /keygate-token/hello}: the
 * keygate filter with the token path on, called with a token exchanged for the valid key):
 * <ul>
 *   <li>{@code /plain/hello}: no filter (the physical limit of this server on this machine);</li>
 *   <li>{@code /keygate/hello}: {@link ApiKeyAuthFilter} (cache, in-process limiter counting a two-window plan,
 *       metrics in a {@link SimpleMeterRegistry}, last-used write-behind);</li>
 *   <li>{@code /control/hello}: {@link SameBytesControlFilter}, the same bytes as keygate's route (a path of the
 *       same length, loaded with the same {@code Authorization} header, the same three response headers) and none
 *       of its work: keygate / control is the cost of keygate's work under HTTP load;</li>
 *   <li>{@code /hand/hello}: {@link HandRolledApiKeyFilter} (SHA-256 + one JPA query per request);</li>
 *   <li>{@code /hand-pg/hello}, only when a PostgreSQL URL is given: the same hand-rolled filter querying
 *       PostgreSQL (schema {@value #PG_SCHEMA}, created here and dropped on close) instead of in-process H2.</li>
 * </ul>
 * Keys live in an in-memory H2 database (Flyway schema, HikariCP pool, {@link JpaApiKeyStore}); keygate's
 * lookups go through a {@link CountingStore}.
 */
public final class BenchServer implements AutoCloseable {

    public static final String PLAIN = "/plain/hello";
    public static final String KEYGATE = "/keygate/hello";
    public static final String HAND_ROLLED = "/hand/hello";
    public static final String HAND_ROLLED_PG = "/hand-pg/hello";
    /** The same bytes as {@link #KEYGATE} without keygate's work ({@link SameBytesControlFilter}). */
    public static final String CONTROL = "/control/hello";
    /** The keygate filter with the token path on, called with a token exchanged for the valid key. */
    public static final String KEYGATE_TOKEN = "/keygate-token/hello";
    static final String PG_SCHEMA = "keygate_bench_http";
    /** Keys a route may be loaded with in rotation: their plaintexts travel to wrk in one environment variable. */
    public static final int MAX_ROTATING_KEYS = 1_000;

    private static final AtomicInteger DATABASES = new AtomicInteger();

    private final HikariDataSource pool;
    private final JpaApiKeyStore jpaStore;
    private final CountingStore countingStore;
    private final Keygate keygate;
    private final Server server;
    private final String validKey;
    /** Plaintexts of up to {@link #MAX_ROTATING_KEYS} of the extra keys, for the routes loaded with many keys. */
    private final List<String> rotatingKeys = new ArrayList<>();
    private final TokenService tokens;
    private final Keygate tokenKeygate;
    private final String validToken;
    private final int port;
    private final PostgresKeys postgres;

    /**
     * @param settings  the keygate filter's settings
     * @param extraKeys keys stored besides the valid one, so lookups search a table of realistic size
     */
    public BenchServer(AuthSettings settings, int extraKeys) throws Exception {
        this(settings, extraKeys, null, null);
    }

    /**
     * @param pgUrl  PostgreSQL for the {@code /hand-pg} route, or null for none
     * @param pgUser its user (no password)
     */
    public BenchServer(AuthSettings settings, int extraKeys, String pgUrl, String pgUser) throws Exception {
        pool = KeygateDataSources.pool("jdbc:h2:mem:bench" + DATABASES.incrementAndGet() + ";DB_CLOSE_DELAY=-1",
                "sa", "");
        KeygateMigrations.migrate(pool);
        jpaStore = JpaApiKeyStore.create(pool);
        countingStore = new CountingStore(jpaStore);
        keygate = Fixtures.keygate(countingStore, new SimpleMeterRegistry());
        for (int i = 0; i < extraKeys; i++) {
            String key = Fixtures.createKey(keygate, "other-" + i);
            if (rotatingKeys.size() < MAX_ROTATING_KEYS) {
                rotatingKeys.add(key);
            }
        }
        validKey = Fixtures.createKey(keygate, "load-run");
        // the token route: its own engine on the same store, with the token path plugged in
        tokens = TokenService.builder().store(new InMemorySigningKeyStore()).meterRegistry(new SimpleMeterRegistry())
                .refreshInBackground(false).build();
        tokens.start();
        tokenKeygate = Keygate.builder().store(countingStore).planResolver(StaticPlanResolver.single(Fixtures.HIGH_LIMITS))
                .meterRegistry(new SimpleMeterRegistry()).tokens(tokens.bearerTokens()).build();
        validToken = tokens.issuer().issue(TokenSubject.of(jpaStore.findByHash(KeyFormat.sha256Hex(validKey))
                .orElseThrow()), 3600).accessToken();
        postgres = pgUrl == null ? null
                : new PostgresKeys(pgUrl, pgUser, PG_SCHEMA, jpaStore, validKey);

        QueuedThreadPool threads = new QueuedThreadPool(200, 8);
        threads.setName("bench-jetty");
        server = new Server(threads);
        ServerConnector connector = new ServerConnector(server);
        connector.setHost("127.0.0.1");
        connector.setPort(0);
        server.addConnector(connector);
        ServletContextHandler context = new ServletContextHandler();
        context.setContextPath("/");
        context.addServlet(new ServletHolder(new HelloServlet()), "/*");
        context.addFilter(new FilterHolder(new ApiKeyAuthFilter(keygate, settings)), "/keygate/*",
                EnumSet.of(DispatcherType.REQUEST));
        context.addFilter(new FilterHolder(new ApiKeyAuthFilter(tokenKeygate, settings)), "/keygate-token/*",
                EnumSet.of(DispatcherType.REQUEST));
        context.addFilter(new FilterHolder(new HandRolledApiKeyFilter(jpaStore)), "/hand/*",
                EnumSet.of(DispatcherType.REQUEST));
        context.addFilter(new FilterHolder(new SameBytesControlFilter()), "/control/*",
                EnumSet.of(DispatcherType.REQUEST));
        if (postgres != null) {
            context.addFilter(new FilterHolder(new HandRolledApiKeyFilter(postgres.store())), "/hand-pg/*",
                    EnumSet.of(DispatcherType.REQUEST));
        }
        server.setHandler(context);
        server.start();
        port = connector.getLocalPort();
    }

    public int port() {
        return port;
    }

    public String url(String path) {
        return "http://127.0.0.1:" + port + path;
    }

    /** The plaintext of the one valid key: for the load clients only, never printed. */
    public String validKey() {
        return validKey;
    }

    /**
     * The plaintexts of {@code n} valid keys (at most {@link #MAX_ROTATING_KEYS}, and no more than the extra keys),
     * comma-separated, for a load client that sends a different key with each request: for the load clients only,
     * never printed.
     */
    public String rotatingKeys(int n) {
        if (n < 1 || n > rotatingKeys.size()) {
            throw new IllegalArgumentException(n + " is wrong value for rotating keys, because it must be 1 to "
                    + rotatingKeys.size());
        }
        return String.join(",", rotatingKeys.subList(0, n));
    }

    /** A token exchanged for the valid key (an hour long: a load run is minutes): for the load clients only. */
    public String validToken() {
        return validToken;
    }

    /** keygate's store lookups (cache misses) since start or the last reset. */
    public CountingStore keygateStore() {
        return countingStore;
    }

    public Keygate keygate() {
        return keygate;
    }

    @Override
    public void close() throws Exception {
        try {
            server.stop();
        } finally {
            keygate.close();
            tokenKeygate.close();
            tokens.close();
            jpaStore.close();
            pool.close();
            if (postgres != null) {
                postgres.close();
            }
        }
    }
}
