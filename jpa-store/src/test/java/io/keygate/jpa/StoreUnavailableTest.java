package io.keygate.jpa;

import com.zaxxer.hikari.HikariDataSource;
import io.keygate.keys.ApiKey;
import io.keygate.keys.Environment;
import io.keygate.keys.GeneratedKey;
import io.keygate.keys.KeyFormat;
import io.keygate.keys.Owner;
import io.keygate.keys.Permission;
import io.keygate.store.KeyQuery;
import io.keygate.store.StoreUnavailableException;
import io.keygate.testing.Services;
import org.h2.tools.Server;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.EnumSet;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/**
 * A database that is down, unreachable, silent or locked turns every store call into a quick
 * {@link StoreUnavailableException} (bounded by the pool's connection timeout or the statement timeout), and the
 * store works again by itself once the database is back.
 */
class StoreUnavailableTest {

    private static final Duration CONNECTION_TIMEOUT = Duration.ofSeconds(1);
    private static final Duration QUERY_TIMEOUT = Duration.ofSeconds(1);
    /** Timeout plus room for a slow, shared CI machine; far below anything a request thread would notice as hung. */
    private static final Duration FAST = Duration.ofMillis(2_500);
    private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");

    @Test
    void callsWhenH2ServerStoppedThenFailFastAndRecoverWhenRestarted(@TempDir Path dir) throws Exception {
        int port = freePort();
        Server server = h2Server(port, dir);
        String url = "jdbc:h2:tcp://127.0.0.1:" + port + "/keygate";
        try (HikariDataSource pool = KeygateDataSources.builder(url).user("sa").password("")
                .connectionTimeout(CONNECTION_TIMEOUT).validationTimeout(Duration.ofMillis(500)).build()) {
            KeygateMigrations.migrate(pool);
            try (JpaApiKeyStore store = JpaApiKeyStore.create(pool, KeygateDatabase.H2, QUERY_TIMEOUT)) {
                ApiKey known = key("key_known");
                store.insert(known);
                assertThat(store.findByHash(known.hash())).contains(known);

                server.stop();

                assertFailsFast(() -> store.findByHash(known.hash()));
                assertFailsFast(() -> store.findById(known.id()));
                assertFailsFast(() -> store.insert(key("key_during_outage")));
                assertFailsFast(() -> store.revoke(known.id(), T0));
                assertFailsFast(() -> store.search(new KeyQuery(null, null, 1, 20)));
                assertFailsFast(() -> store.recordLastUsed(Map.of(known.id(), T0)));
                assertThat(store.isAvailable()).isFalse();

                server = h2Server(port, dir);

                await().atMost(Duration.ofSeconds(15)).pollInterval(Duration.ofMillis(200))
                        .ignoreException(StoreUnavailableException.class)
                        .untilAsserted(() -> assertThat(store.findByHash(known.hash())).contains(known));
                store.insert(key("key_after_outage"));
                assertThat(store.findById("key_after_outage")).isPresent();
                assertThat(store.findById("key_during_outage")).isEmpty();
                assertThat(store.isAvailable()).isTrue();
            }
        } finally {
            server.stop();
        }
    }

    @Test
    void createWhenDatabaseDownAtStartThenCallsFailFastAndWorkOnceItIsUp(@TempDir Path dir) throws Exception {
        int port = freePort();
        String url = "jdbc:h2:tcp://127.0.0.1:" + port + "/keygate";
        Server server = h2Server(port, dir);
        try (HikariDataSource setup = KeygateDataSources.builder(url).user("sa").password("").build()) {
            KeygateMigrations.migrate(setup);
        }
        server.stop();
        try (HikariDataSource pool = KeygateDataSources.builder(url).user("sa").password("")
                .connectionTimeout(CONNECTION_TIMEOUT).validationTimeout(Duration.ofMillis(500)).build();
             JpaApiKeyStore store = JpaApiKeyStore.create(pool, KeygateDatabase.H2, QUERY_TIMEOUT)) {
            assertFailsFast(() -> store.findById("key_x"));
            assertFailsFast(() -> store.insert(key("key_x")));

            server = h2Server(port, dir);

            await().atMost(Duration.ofSeconds(15)).pollInterval(Duration.ofMillis(200))
                    .ignoreException(StoreUnavailableException.class)
                    .untilAsserted(() -> assertThat(store.isAvailable()).isTrue());
            ApiKey key = key("key_after_start");
            store.insert(key);
            assertThat(store.findByHash(key.hash())).contains(key);
        } finally {
            server.stop();
        }
    }

    @Test
    void callsWhenNothingListensThenStoreUnavailableWithinConnectionTimeout() throws Exception {
        int closedPort = freePort();
        try (HikariDataSource pool = KeygateDataSources
                .builder("jdbc:postgresql://127.0.0.1:" + closedPort + "/test").user("postgres").password("")
                .connectionTimeout(CONNECTION_TIMEOUT).validationTimeout(Duration.ofMillis(500)).build();
             JpaApiKeyStore store = JpaApiKeyStore.create(pool, KeygateDatabase.POSTGRESQL, QUERY_TIMEOUT)) {
            assertFailsFast(() -> store.findByHash(KeyFormat.sha256Hex("anything")));
            assertFailsFast(() -> store.insert(key("key_x")));
        }
    }

    @Test
    void callsWhenDatabaseAcceptsButNeverAnswersThenStoreUnavailableWithinConnectionTimeout() throws Exception {
        // the kernel completes the TCP handshake for the backlog; nothing ever reads or writes: a hung server
        try (ServerSocket blackHole = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
             HikariDataSource pool = KeygateDataSources
                     .builder("jdbc:postgresql://127.0.0.1:" + blackHole.getLocalPort() + "/test")
                     .user("postgres").password("").connectionTimeout(CONNECTION_TIMEOUT)
                     .validationTimeout(Duration.ofMillis(500)).connectTimeout(Duration.ofSeconds(1))
                     .socketTimeout(Duration.ofSeconds(2)).build();
             JpaApiKeyStore store = JpaApiKeyStore.create(pool, KeygateDatabase.POSTGRESQL, QUERY_TIMEOUT)) {
            assertFailsFast(() -> store.findByHash(KeyFormat.sha256Hex("anything")));
            assertFailsFast(() -> store.findById("key_x"));
        }
    }

    @Test
    void callsWhenPoolExhaustedThenStoreUnavailableWithinConnectionTimeoutAndFineOnceReleased() throws Exception {
        try (ScratchDatabase database = ScratchDatabase.h2();
             HikariDataSource pool = KeygateDataSources.builder(database.jdbcUrl).user("sa").password("")
                     .maximumPoolSize(1).connectionTimeout(CONNECTION_TIMEOUT)
                     .validationTimeout(Duration.ofMillis(500)).build();
             JpaApiKeyStore store = JpaApiKeyStore.create(pool, KeygateDatabase.H2, QUERY_TIMEOUT)) {
            ApiKey known = key("key_known");
            store.insert(known);

            try (Connection held = pool.getConnection()) {
                assertThat(held.isValid(1)).isTrue();
                assertFailsFast(() -> store.findByHash(known.hash()));
            }

            assertThat(store.findByHash(known.hash())).contains(known);
        }
    }

    @Test
    void callsWhenTableLockedByAnotherTransactionThenStatementTimeoutEndsThem() throws Exception {
        Services.requirePostgres();
        try (ScratchDatabase database = ScratchDatabase.postgres();
             JpaApiKeyStore store = JpaApiKeyStore.create(database.dataSource(), KeygateDatabase.POSTGRESQL,
                     QUERY_TIMEOUT)) {
            ApiKey known = key("key_known");
            store.insert(known);

            try (Connection locker = database.dataSource().getConnection()) {
                locker.setAutoCommit(false);
                try (Statement s = locker.createStatement()) {
                    s.execute("LOCK TABLE apikey IN ACCESS EXCLUSIVE MODE");
                }
                assertFailsFast(() -> store.findByHash(known.hash()));
                assertFailsFast(() -> store.revoke(known.id(), T0));
                assertFailsFast(() -> store.insert(key("key_blocked")));
                assertFailsFast(() -> store.recordLastUsed(Map.of(known.id(), T0)));
                locker.rollback();
            }

            assertThat(store.revoke(known.id(), T0)).isTrue();
        }
    }

    private static void assertFailsFast(Runnable call) {
        long started = System.nanoTime();
        assertThatThrownBy(call::run).isInstanceOf(StoreUnavailableException.class)
                .hasMessageStartingWith("key store unavailable during");
        Duration took = Duration.ofNanos(System.nanoTime() - started);
        assertThat(took).as("time to fail").isLessThan(FAST);
    }

    private static Server h2Server(int port, Path dir) throws SQLException {
        return Server.createTcpServer("-tcpPort", String.valueOf(port), "-baseDir", dir.toString(), "-ifNotExists")
                .start();
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    private static ApiKey key(String id) {
        GeneratedKey g = KeyFormat.standard().generate(Environment.LIVE);
        return new ApiKey(id, g.hash(), g.prefix(), g.start4(), g.end4(), "n", "org_a", null, Owner.user("u"),
                Environment.LIVE, EnumSet.of(Permission.READ), null, null, null, T0, null, null, null, null);
    }
}
