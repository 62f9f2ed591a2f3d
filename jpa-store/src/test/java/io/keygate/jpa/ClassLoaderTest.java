package io.keygate.jpa;

import io.keygate.keys.ApiKey;
import io.keygate.keys.Environment;
import io.keygate.keys.GeneratedKey;
import io.keygate.keys.KeyFormat;
import io.keygate.keys.Owner;
import io.keygate.keys.Permission;
import org.junit.jupiter.api.Test;

import java.net.URL;
import java.net.URLClassLoader;
import java.time.Instant;
import java.util.EnumSet;
import java.util.concurrent.atomic.AtomicReference;

import static org.assertj.core.api.Assertions.assertThat;

/** Creating the store from a thread whose context class loader cannot see keygate (a container or framework thread). */
class ClassLoaderTest {

    @Test
    void createWhenContextClassLoaderSeesNothingThenStoreStillWorks() throws Exception {
        try (ScratchDatabase database = ScratchDatabase.h2();
             URLClassLoader empty = new URLClassLoader(new URL[0], null)) {
            AtomicReference<Object> outcome = new AtomicReference<>();
            Thread thread = new Thread(() -> {
                try (JpaApiKeyStore store = JpaApiKeyStore.create(database.dataSource())) {
                    GeneratedKey g = KeyFormat.standard().generate(Environment.LIVE);
                    ApiKey key = new ApiKey("key_cl", g.hash(), g.prefix(), g.start4(), g.end4(), "n", "org_a", null,
                            Owner.user("u"), Environment.LIVE, EnumSet.of(Permission.READ), null, null, null,
                            Instant.parse("2026-01-01T00:00:00Z"), null, null, null, null);
                    store.insert(key);
                    outcome.set(store.findByHash(key.hash()).map(ApiKey::id).orElse("missing"));
                } catch (RuntimeException e) {
                    outcome.set(e);
                }
            });
            thread.setContextClassLoader(empty);
            thread.start();
            thread.join(60_000);

            assertThat(outcome.get()).isEqualTo("key_cl");
            assertThat(thread.getContextClassLoader()).isSameAs(empty);
        }
    }
}
