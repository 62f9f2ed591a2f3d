package io.keygate.service;

import io.keygate.Keygate;
import io.keygate.keys.ApiKey;
import io.keygate.keys.Environment;
import io.keygate.keys.Owner;
import io.keygate.keys.Permission;
import io.keygate.keys.Restriction;
import io.keygate.limit.Limit;
import io.keygate.limit.Plan;
import io.keygate.limit.StaticPlanResolver;
import io.keygate.store.AuditEvent;
import io.keygate.store.AuditQuery;
import io.keygate.store.ManagementStore;
import io.keygate.store.Team;
import io.keygate.testing.MutableClock;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;

import java.time.Duration;
import java.time.Instant;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;

/**
 * A management plane on a given store, seeded like the sample: organizations {@code platform} (enterprise),
 * {@code acme} (team, with teams {@code team_ops} and {@code team_research} and the service account
 * {@code sa_acme_ci}), {@code globex} (free, service account {@code sa_globex}), {@code initech} (no API access);
 * and one caller key of each kind the rules distinguish.
 */
public final class ManagementFixture implements AutoCloseable {

    public static final Instant T0 = Instant.parse("2026-03-01T12:00:00Z");
    public static final String ADDRESS = "198.51.100.23";

    /** The caller kinds of contract §7.1. */
    public enum Caller {
        PLATFORM_ADMIN, ORG_ADMIN, TEST_ADMIN, RESTRICTED_ADMIN, TEAM_ADMIN, EXPIRING_ADMIN, LIMITED_ADMIN, WRITE_KEY
    }

    public final MutableClock clock = MutableClock.at(T0);
    public final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    public final ManagementStore store;
    public final Keygate keygate;
    public final ApiKeyService keys;
    private final Map<Caller, ApiKey> callers = new java.util.EnumMap<>(Caller.class);

    public ManagementFixture(ManagementStore store) {
        this.store = store;
        Plan team = Plan.of("team", new Limit(600, 60));
        Map<String, Plan> plans = Map.of(
                "free", Plan.of("free", new Limit(60, 60)),
                "team", team,
                "enterprise", Plan.of("enterprise", new Limit(3000, 60)),
                "starter", Plan.of("starter", new Limit(100, 3600), new Limit(10_000, 86_400)),
                "none", Plan.noApiAccess("none"));
        StaticPlanResolver resolver = new StaticPlanResolver(plans, Map.of("platform", "enterprise", "acme", "team",
                "globex", "free", "initech", "none"), null);
        this.keygate = Keygate.builder().store(store).planResolver(resolver).clock(clock).meterRegistry(registry)
                .build();
        this.keys = keygate.service();
        store.teams().save(new Team("team_ops", "Ops", "acme"));
        store.teams().save(new Team("team_research", "Research", "acme"));
        keygate.serviceAccounts().ensure("sa_acme_ci", "CI", "acme");
        keygate.serviceAccounts().ensure("sa_globex", "Globex jobs", "globex");
        caller(Caller.PLATFORM_ADMIN, "platform", b -> b.permissions(Permission.ADMIN));
        caller(Caller.ORG_ADMIN, "acme", b -> b.permissions(Permission.ADMIN));
        caller(Caller.TEST_ADMIN, "acme", b -> b.permissions(Permission.ADMIN).environment(Environment.TEST));
        caller(Caller.RESTRICTED_ADMIN, "acme", b -> b.permissions(Permission.ADMIN)
                .restriction(new Restriction("workflow", "wf_echo")));
        caller(Caller.TEAM_ADMIN, "acme", b -> b.permissions(Permission.ADMIN).teamId("team_ops"));
        caller(Caller.EXPIRING_ADMIN, "acme", b -> b.permissions(Permission.ADMIN)
                .expiresAt(T0.plus(Duration.ofHours(1))));
        caller(Caller.LIMITED_ADMIN, "acme", b -> b.permissions(Permission.ADMIN).rateLimit(new Limit(2, 3600)));
        caller(Caller.WRITE_KEY, "acme", b -> b.permissions(Permission.READ, Permission.WRITE));
    }

    private void caller(Caller kind, String organization, UnaryOperator<NewKey.Builder> attributes) {
        NewKey spec = attributes.apply(NewKey.builder(organization, Owner.user("user_" + kind.name().toLowerCase()))
                .name(kind.name())).build();
        callers.put(kind, keys.create(spec).key());
    }

    /** The caller's key as stored. */
    public ApiKey key(Caller kind) {
        return callers.get(kind);
    }

    /** The caller as an actor, from its key id (as an application builds it from the principal). */
    public Actor actor(Caller kind) {
        return keys.actor(callers.get(kind).id(), ADDRESS);
    }

    /** A key made by a system operation (no event). */
    public ApiKey target(String organization, UnaryOperator<NewKey.Builder> attributes) {
        return keys.create(attributes.apply(NewKey.builder(organization, Owner.user("target_owner")).name("target"))
                .build()).key();
    }

    public List<AuditEvent> events() {
        return store.auditLog().search(AuditQuery.all(1, 100)).items();
    }

    /** Sum of {@code apikey.audit.events} over every action, for one outcome. */
    public double eventsCounted(AuditEvent.Outcome outcome) {
        return registry.find(io.keygate.metrics.Meters.AUDIT_EVENTS)
                .tag(io.keygate.metrics.Meters.OUTCOME, outcome.wireName()).counters().stream()
                .mapToDouble(io.micrometer.core.instrument.Counter::count).sum();
    }

    @Override
    public void close() {
        keygate.close();
    }
}
