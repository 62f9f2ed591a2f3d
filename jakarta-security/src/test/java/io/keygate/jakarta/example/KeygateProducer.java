package io.keygate.jakarta.example;

import io.keygate.Keygate;
import io.keygate.keys.Owner;
import io.keygate.keys.Permission;
import io.keygate.limit.Plan;
import io.keygate.limit.StaticPlanResolver;
import io.keygate.service.NewKey;
import io.keygate.store.InMemoryApiKeyStore;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Disposes;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;

import java.util.Map;

/**
 * The one class an application writes: the {@link Keygate} the mechanism uses. {@code @Singleton}, not
 * {@code @ApplicationScoped}: {@code Keygate} is final and cannot be proxied.
 *
 * <p>The example keeps keys in memory; organization {@code initech} has a plan without API access. When started
 * with {@code -Dkeygate.example.admin-key=<a live key>}, that key is imported as an admin key of {@code platform},
 * so the tests can make their keys through {@link AdminKeysResource}.
 */
@ApplicationScoped
public class KeygateProducer {

    @Produces
    @Singleton
    Keygate keygate() {
        Keygate keygate = Keygate.builder()
                .store(new InMemoryApiKeyStore())
                .planResolver(new StaticPlanResolver(Map.of("none", Plan.noApiAccess("none")),
                        Map.of("initech", "none"), Plan.unlimited("default")))
                .build();
        String adminKey = System.getProperty("keygate.example.admin-key");
        if (adminKey != null) {
            keygate.service().importKey(NewKey.builder("platform", Owner.user("example-operator"))
                    .name("example admin").permissions(Permission.ADMIN).build(), adminKey);
        }
        return keygate;
    }

    void close(@Disposes Keygate keygate) {
        keygate.close();
    }
}
