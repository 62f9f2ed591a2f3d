package io.keygate.token;

import com.zaxxer.hikari.HikariDataSource;
import io.keygate.jpa.JpaSigningKeyStore;
import io.keygate.jpa.KeygateDataSources;
import io.keygate.jpa.KeygateMigrations;
import io.keygate.store.StoredSigningKey;
import io.keygate.testing.MutableClock;
import io.keygate.testing.ScratchSchema;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import static io.keygate.token.Fixture.T0;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Two nodes on one PostgreSQL database (two pools, two {@link JpaSigningKeyStore}s, two token services), started or
 * rotating at the same instant on real threads: the cluster ends with one signing key per generation, and each node
 * verifies what the other issued. Uses a schema of its own, dropped afterwards.
 */
class SigningKeysOnPostgresTest {

    private final MutableClock clock = MutableClock.at(T0);
    private final TokenSubject subject = TokenSubject.of(Fixture.acmeKey(Fixture.keys(clock)).key());
    private ScratchSchema schema;
    private HikariDataSource poolA;
    private HikariDataSource poolB;
    private JpaSigningKeyStore storeA;
    private JpaSigningKeyStore storeB;

    @BeforeEach
    void openDatabase() throws Exception {
        schema = ScratchSchema.postgres("kg_tok");
        poolA = KeygateDataSources.builder(schema.jdbcUrl()).user(schema.user()).password("").build();
        poolB = KeygateDataSources.builder(schema.jdbcUrl()).user(schema.user()).password("").build();
        KeygateMigrations.migrate(poolA);
        storeA = JpaSigningKeyStore.create(poolA);
        storeB = JpaSigningKeyStore.create(poolB);
    }

    @AfterEach
    void dropDatabase() throws Exception {
        if (storeA != null) {
            storeA.close();
            storeB.close();
            poolA.close();
            poolB.close();
            schema.close();
        }
    }

    @Test
    void twoNodesStartingAtOnceThenOneSigningKeyAndEachVerifiesTheOther() throws Exception {
        for (int round = 0; round < 5; round++) {
            schema.execute("DELETE FROM " + schema.name() + ".signing_key");
            TokenService a = Fixture.service(storeA, clock).build();
            TokenService b = Fixture.service(storeB, clock).build();
            try {
                together(() -> {
                    a.start();
                    return null;
                }, () -> {
                    b.start();
                    return null;
                });

                List<StoredSigningKey> rows = storeA.findAll();
                assertThat(rows).as("round %d", round).hasSize(1);
                IssuedToken fromA = a.issuer().issue(subject);
                IssuedToken fromB = b.issuer().issue(subject);
                assertThat(fromA.kid()).isEqualTo(fromB.kid()).isEqualTo(rows.get(0).kid());
                assertThat(b.verifier().verify(fromA.accessToken()).kind()).isEqualTo(TokenVerification.Kind.VERIFIED);
                assertThat(a.verifier().verify(fromB.accessToken()).kind()).isEqualTo(TokenVerification.Kind.VERIFIED);
            } finally {
                a.close();
                b.close();
            }
        }
    }

    @Test
    void twoNodesRotatingAtOnceThenOneSuccessorThatBothSignWith() throws Exception {
        try (TokenService a = Fixture.started(storeA, clock); TokenService b = Fixture.started(storeB, clock)) {
            clock.set(T0.plus(TokenSettings.DEFAULT_ROTATION_PERIOD).minus(TokenSettings.DEFAULT_KEY_PUBLISH_LEAD));

            together(() -> {
                a.refresh();
                return null;
            }, () -> {
                b.refresh();
                return null;
            });
            a.refresh();
            b.refresh();

            assertThat(storeA.findAll()).extracting(StoredSigningKey::generation).containsExactly(1L, 2L);
            assertThat(a.jwkSet().json()).isEqualTo(b.jwkSet().json());
            clock.set(T0.plus(TokenSettings.DEFAULT_ROTATION_PERIOD));
            assertThat(a.issuer().issue(subject).kid()).isEqualTo(b.issuer().issue(subject).kid())
                    .isEqualTo(storeB.findAll().get(1).kid());
        }
    }

    private static void together(Callable<Void> first, Callable<Void> second) throws Exception {
        CyclicBarrier start = new CyclicBarrier(2);
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try {
            List<Future<Void>> results = new ArrayList<>();
            for (Callable<Void> task : List.of(first, second)) {
                results.add(pool.submit(() -> {
                    start.await(30, TimeUnit.SECONDS);
                    return task.call();
                }));
            }
            for (Future<Void> r : results) {
                r.get(60, TimeUnit.SECONDS);
            }
        } finally {
            pool.shutdownNow();
        }
    }
}
