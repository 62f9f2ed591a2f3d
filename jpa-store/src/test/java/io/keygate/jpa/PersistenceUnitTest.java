package io.keygate.jpa;

import io.keygate.keys.ApiKey;
import io.keygate.keys.Environment;
import io.keygate.keys.GeneratedKey;
import io.keygate.keys.KeyFormat;
import io.keygate.keys.Owner;
import io.keygate.keys.Permission;
import jakarta.persistence.EntityManagerFactory;
import jakarta.persistence.Persistence;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import javax.naming.Context;
import javax.naming.InitialContext;
import javax.naming.spi.InitialContextFactory;
import javax.sql.DataSource;
import java.lang.reflect.Proxy;
import java.time.Duration;
import java.time.Instant;
import java.util.EnumSet;
import java.util.Hashtable;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** The persistence unit shipped in the jar, used directly and with a DataSource found in JNDI. */
class PersistenceUnitTest {

    private static volatile DataSource published;

    @AfterEach
    void clearJndi() {
        System.clearProperty(Context.INITIAL_CONTEXT_FACTORY);
        published = null;
    }

    @Test
    void persistenceUnitWhenUsedWithOnlyAJdbcUrlThenStoreWorksAndStaysOpenAfterStoreClose() {
        try (ScratchDatabase database = ScratchDatabase.h2()) {
            EntityManagerFactory factory = Persistence.createEntityManagerFactory(JpaApiKeyStore.PERSISTENCE_UNIT,
                    Map.of("jakarta.persistence.jdbc.url", database.jdbcUrl, "jakarta.persistence.jdbc.user", "sa"));
            try {
                ApiKey key = key();
                try (JpaApiKeyStore store = JpaApiKeyStore.using(factory, Duration.ofSeconds(2))) {
                    store.insert(key);
                    assertThat(store.findByHash(key.hash())).contains(key);
                }
                assertThat(factory.isOpen()).isTrue();
                assertThat(database.column("SELECT id FROM apikey")).containsExactly(key.id());
            } finally {
                factory.close();
            }
        }
    }

    @Test
    void createWhenDataSourceLookedUpInJndiThenStoreWorks() throws Exception {
        try (ScratchDatabase database = ScratchDatabase.h2()) {
            published = database.dataSource();
            System.setProperty(Context.INITIAL_CONTEXT_FACTORY, TestContextFactory.class.getName());

            DataSource fromJndi = (DataSource) new InitialContext().lookup("java:comp/env/jdbc/keygate");
            try (JpaApiKeyStore store = JpaApiKeyStore.create(fromJndi)) {
                ApiKey key = key();
                store.insert(key);
                assertThat(store.findById(key.id())).contains(key);
            }
        }
    }

    @Test
    void createWhenClosedThenPoolStaysOpenForTheApplication() {
        try (ScratchDatabase database = ScratchDatabase.h2()) {
            JpaApiKeyStore.create(database.dataSource()).close();

            assertThat(database.pool.isClosed()).isFalse();
            assertThat(database.column("SELECT COUNT(*) FROM apikey")).containsExactly("0");
        }
    }

    private static ApiKey key() {
        GeneratedKey g = KeyFormat.standard().generate(Environment.LIVE);
        return new ApiKey("key_pu", g.hash(), g.prefix(), g.start4(), g.end4(), "n", "org_a", null, Owner.user("u"),
                Environment.LIVE, EnumSet.of(Permission.READ), null, null, null,
                Instant.parse("2026-01-01T00:00:00Z"), null, null, null, null);
    }

    /** A one-entry JNDI tree, as a servlet container would offer for a {@code <resource-ref>}. */
    public static final class TestContextFactory implements InitialContextFactory {
        @Override
        public Context getInitialContext(Hashtable<?, ?> environment) {
            return (Context) Proxy.newProxyInstance(getClass().getClassLoader(), new Class<?>[]{Context.class},
                    (proxy, method, args) -> switch (method.getName()) {
                        case "lookup" -> {
                            if (!"java:comp/env/jdbc/keygate".equals(String.valueOf(args[0]))) {
                                throw new javax.naming.NameNotFoundException(String.valueOf(args[0]));
                            }
                            yield published;
                        }
                        case "close" -> null;
                        case "getEnvironment" -> new Hashtable<>();
                        default -> throw new UnsupportedOperationException(method.getName());
                    });
        }
    }
}
