package io.keygate.service;

import io.keygate.Keygate;
import io.keygate.keys.Owner;
import io.keygate.keys.Permission;
import io.keygate.store.ManagementStore;
import io.keygate.verify.AuthOutcome;
import io.keygate.verify.Authenticator;
import io.keygate.verify.Credential;
import io.keygate.verify.EngineSettings;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Contract §7.2 under load: 8 threads authenticate with the 50 keys of one service account through the engine
 * while the account is disabled. No request that starts after {@code disable} returned is admitted with any of
 * those keys: every one was revoked in the disable's transaction and evicted from the engine's cache before it
 * returned. Run on the in-memory store and the JPA store.
 */
public abstract class DisableUnderLoadContract {

    private static final int THREADS = 8;
    private static final int KEYS = 50;
    private static final int REQUESTS_AFTER_DISABLE_PER_THREAD = 200;

    protected abstract ManagementStore newStore();

    @Test
    void disableWhileItsKeysAreInUseThenNoRequestStartedAfterTheDisableReturnedIsAdmitted() throws Exception {
        try (Keygate keygate = Keygate.builder().store(newStore()).build();
             Authenticator engine = new Authenticator(keygate, EngineSettings.defaults())) {
            ApiKeyService keys = keygate.service();
            Actor admin = Actor.of(keys.create(NewKey.builder("acme", Owner.user("admin"))
                    .permissions(Permission.ADMIN).build()).key(), "192.0.2.1");
            String account = keygate.serviceAccounts().create(admin, new NewServiceAccount("load", null, null)).id();
            List<String> plaintexts = new ArrayList<>();
            for (int i = 0; i < KEYS; i++) {
                plaintexts.add(keys.create(admin, NewKey.builder(null, Owner.serviceAccount(account)).build())
                        .plaintext());
            }
            for (String key : plaintexts) {
                assertThat(engine.authenticate(new Credential.Bearer(key), "192.0.2.9", "/x", "GET").kind())
                        .isEqualTo(AuthOutcome.Kind.AUTHENTICATED);
            }

            AtomicBoolean disableReturned = new AtomicBoolean();
            AtomicBoolean stop = new AtomicBoolean();
            AtomicLong admittedBefore = new AtomicLong();
            AtomicInteger admittedAfter = new AtomicInteger();
            AtomicInteger requestsAfter = new AtomicInteger();
            Map<AuthOutcome.Kind, AtomicInteger> outcomesAfter = new EnumMap<>(AuthOutcome.Kind.class);
            for (AuthOutcome.Kind kind : AuthOutcome.Kind.values()) {
                outcomesAfter.put(kind, new AtomicInteger());
            }
            ExecutorService pool = Executors.newFixedThreadPool(THREADS);
            List<Future<?>> workers = new ArrayList<>();
            try {
                for (int t = 0; t < THREADS; t++) {
                    int thread = t;
                    workers.add(pool.submit(() -> {
                        int afterByThisThread = 0;
                        for (int i = thread; !stop.get() && afterByThisThread < REQUESTS_AFTER_DISABLE_PER_THREAD; i++) {
                            boolean startedAfterDisable = disableReturned.get();
                            AuthOutcome outcome = engine.authenticate(new Credential.Bearer(plaintexts.get(i % KEYS)),
                                    "192.0.2." + (10 + thread), "/x", "GET");
                            boolean admitted = outcome.kind() == AuthOutcome.Kind.AUTHENTICATED;
                            if (startedAfterDisable) {
                                afterByThisThread++;
                                requestsAfter.incrementAndGet();
                                outcomesAfter.get(outcome.kind()).incrementAndGet();
                                if (admitted) {
                                    admittedAfter.incrementAndGet();
                                }
                            } else if (admitted) {
                                admittedBefore.incrementAndGet();
                            }
                        }
                        return null;
                    }));
                }
                await().atMost(Duration.ofSeconds(60)).until(() -> admittedBefore.get() >= 2_000);

                keygate.serviceAccounts().disable(admin, account).orElseThrow();
                disableReturned.set(true);

                for (Future<?> w : workers) {
                    w.get(120, TimeUnit.SECONDS);
                }
            } finally {
                stop.set(true);
                pool.shutdownNow();
            }

            assertThat(requestsAfter.get()).isEqualTo(THREADS * REQUESTS_AFTER_DISABLE_PER_THREAD);
            assertThat(admittedAfter.get()).as("requests admitted after the disable returned: %s", outcomesAfter)
                    .isZero();
            // revoked (401), or blocked (429) once an address has failed too often; never anything else
            assertThat(outcomesAfter.get(AuthOutcome.Kind.REVOKED).get() + outcomesAfter.get(AuthOutcome.Kind.BLOCKED)
                    .get()).as("outcomes after the disable: %s", outcomesAfter).isEqualTo(requestsAfter.get());
            assertThat(outcomesAfter.get(AuthOutcome.Kind.REVOKED).get()).isPositive();
        }
    }
}
