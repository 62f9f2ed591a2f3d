package io.keygate.token;

import com.zaxxer.hikari.HikariDataSource;
import io.keygate.Keygate;
import io.keygate.jpa.JpaApiKeyStore;
import io.keygate.jpa.JpaSigningKeyStore;
import io.keygate.jpa.KeygateDataSources;
import io.keygate.jpa.KeygateMigrations;
import io.keygate.keys.Owner;
import io.keygate.redis.RedisKeygate;
import io.keygate.redis.RedisSettings;
import io.keygate.service.CreatedKey;
import io.keygate.service.NewKey;
import io.keygate.testing.ScratchSchema;
import io.keygate.testing.Services;
import io.keygate.verify.AuthOutcome;
import io.keygate.verify.Authenticator;
import io.keygate.verify.Credential;
import io.keygate.verify.EngineSettings;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Two nodes, each with its own pool, key store, signing-key store, Redis connection, token service and engine, on one
 * PostgreSQL schema and one Redis (a channel and key prefix of their own): a token issued by node A works on node B,
 * and revoking the key on A makes B refuse the token within a second, although B holds the key in its cache.
 */
class TwoNodesPostgresRedisTest {

    private static final String PATH = "/developer/api/workflows";

    private final Deque<AutoCloseable> resources = new ArrayDeque<>();
    private ScratchSchema schema;
    private Node a;
    private Node b;

    private record Node(Keygate keygate, TokenService tokens, Authenticator engine) {
        AuthOutcome.Kind call(String bearer) {
            return engine.authenticate(new Credential.Bearer(bearer), "198.51.100.7", PATH, "GET").kind();
        }
    }

    @BeforeEach
    void startNodes() throws Exception {
        Services.requirePostgres();
        Services.requireRedis();
        schema = ScratchSchema.postgres("kg_tok2");
        String prefix = "kgtest:" + schema.name() + ":";
        a = node(prefix);
        b = node(prefix);
    }

    private Node node(String prefix) {
        HikariDataSource pool = push(KeygateDataSources.builder(schema.jdbcUrl()).user(schema.user()).password("")
                .build());
        KeygateMigrations.migrate(pool);
        JpaApiKeyStore keys = push(JpaApiKeyStore.create(pool));
        JpaSigningKeyStore signingKeys = push(JpaSigningKeyStore.create(pool));
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        RedisKeygate redis = push(RedisKeygate.create(RedisSettings.builder(Services.REDIS_URL).keyPrefix(prefix)
                .channel(prefix + "revocations").build(), Clock.systemUTC(), registry));
        TokenService tokens = push(TokenService.builder().store(signingKeys).secret(Fixture.SECRET)
                .iterations(Fixture.TEST_ITERATIONS).meterRegistry(registry).refreshInBackground(false).build());
        tokens.start();
        Keygate keygate = push(Keygate.builder().store(keys).rateLimiter(redis.rateLimiter()).meterRegistry(registry)
                .tokens(tokens.bearerTokens()).build());
        redis.attach(keygate.service());
        Authenticator engine = push(new Authenticator(keygate, EngineSettings.builder().build()));
        return new Node(keygate, tokens, engine);
    }

    private <T extends AutoCloseable> T push(T resource) {
        resources.push(resource);
        return resource;
    }

    @AfterEach
    void stopNodes() throws Exception {
        while (!resources.isEmpty()) {
            resources.pop().close();
        }
        if (schema != null) {
            schema.close();
        }
    }

    @Test
    void tokenFromNodeAWorksOnNodeBAndRevokingOnADiesOnBWithinOneSecond() {
        CreatedKey key = a.keygate().service().create(NewKey.builder("acme", Owner.user("u_1")).build());
        String token = a.tokens().issuer().issue(TokenSubject.of(key.key())).accessToken();
        assertThat(a.tokens().jwkSet().json()).isEqualTo(b.tokens().jwkSet().json());

        assertThat(b.call(token)).isEqualTo(AuthOutcome.Kind.AUTHENTICATED);
        assertThat(b.call(token)).as("now from B's caches").isEqualTo(AuthOutcome.Kind.AUTHENTICATED);
        assertThat(a.call(token)).isEqualTo(AuthOutcome.Kind.AUTHENTICATED);

        long revokedAt = System.nanoTime();
        a.keygate().service().revoke(key.key().id());

        assertThat(a.call(token)).as("at once on the node that revoked").isEqualTo(AuthOutcome.Kind.REVOKED);
        await("node B to refuse the token").atMost(Duration.ofSeconds(1)).pollInterval(Duration.ofMillis(20))
                .until(() -> b.call(token) == AuthOutcome.Kind.REVOKED);
        System.out.println("node B refused the revoked key's token after "
                + (System.nanoTime() - revokedAt) / 1_000_000 + " ms");
        assertThat(b.call(key.plaintext())).isEqualTo(AuthOutcome.Kind.REVOKED);
    }

    @Test
    void tokenFromNodeBWorksOnNodeAAfterTheKeyWasRotatedWithoutGraceOnBItDiesOnA() {
        CreatedKey key = a.keygate().service().create(NewKey.builder("acme", Owner.user("u_1")).build());
        String token = b.tokens().issuer().issue(TokenSubject.of(key.key())).accessToken();
        assertThat(a.call(token)).isEqualTo(AuthOutcome.Kind.AUTHENTICATED);

        b.keygate().service().rotate(key.key().id(), 0);

        await("node A to refuse the token").atMost(Duration.ofSeconds(1)).pollInterval(Duration.ofMillis(20))
                .until(() -> a.call(token) == AuthOutcome.Kind.REVOKED);
    }
}
