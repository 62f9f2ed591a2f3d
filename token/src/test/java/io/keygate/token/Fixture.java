package io.keygate.token;

import com.nimbusds.jose.util.Base64URL;
import com.nimbusds.jose.util.JSONObjectUtils;
import io.keygate.keys.Owner;
import io.keygate.keys.Permission;
import io.keygate.keys.Restriction;
import io.keygate.service.ApiKeyService;
import io.keygate.service.CreatedKey;
import io.keygate.service.NewKey;
import io.keygate.store.InMemoryApiKeyStore;
import io.keygate.store.SigningKeyStore;
import io.keygate.testing.MutableClock;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;

import java.text.ParseException;
import java.time.Clock;
import java.time.Instant;
import java.util.EnumSet;
import java.util.Map;

/** Shared pieces of the token tests: a service on an injected clock, real API keys, decoded token parts. */
final class Fixture {

    static final Instant T0 = Instant.parse("2026-11-30T10:00:00Z");
    static final String SECRET = "correct horse battery staple 42";
    /** Few PBKDF2 iterations: the real count costs about a second per signing key. */
    static final int TEST_ITERATIONS = 1_000;

    private Fixture() {
    }

    /** A service on {@code store}, with the test secret, the injected clock and no background refresh. */
    static TokenService.Builder service(SigningKeyStore store, Clock clock) {
        return TokenService.builder().store(store).clock(clock).secret(SECRET).iterations(TEST_ITERATIONS)
                .meterRegistry(new SimpleMeterRegistry()).refreshInBackground(false);
    }

    static TokenService started(SigningKeyStore store, Clock clock) {
        TokenService service = service(store, clock).build();
        service.start();
        return service;
    }

    static ApiKeyService keys(MutableClock clock) {
        return new ApiKeyService(new InMemoryApiKeyStore(), io.keygate.keys.KeyFormat.standard(), clock,
                io.keygate.limit.StaticPlanResolver.single(io.keygate.limit.Plan.unlimited("default")));
    }

    /** A read+write key of acme, team_ops, restricted to wf_echo. */
    static CreatedKey acmeKey(ApiKeyService keys) {
        return keys.create(NewKey.builder("acme", Owner.user("u_1")).teamId("team_ops")
                .permissions(EnumSet.of(Permission.READ, Permission.WRITE))
                .restriction(new Restriction("workflow", "wf_echo")).build());
    }

    static Map<String, Object> header(String token) throws ParseException {
        return JSONObjectUtils.parse(new Base64URL(token.split("\\.")[0]).decodeToString());
    }

    static Map<String, Object> payload(String token) throws ParseException {
        return JSONObjectUtils.parse(new Base64URL(token.split("\\.")[1]).decodeToString());
    }
}
