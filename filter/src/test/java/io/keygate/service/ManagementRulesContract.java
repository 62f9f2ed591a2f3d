package io.keygate.service;

import io.keygate.keys.ApiKey;
import io.keygate.keys.Environment;
import io.keygate.keys.Owner;
import io.keygate.keys.Permission;
import io.keygate.keys.Restriction;
import io.keygate.limit.Limit;
import io.keygate.service.ManagementFixture.Caller;
import io.keygate.store.AuditEvent;
import io.keygate.store.ManagementStore;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;

import java.time.Duration;
import java.util.Optional;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;

import static io.keygate.service.ManagementFixture.T0;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Contract §7.1, table-driven: caller kind × target × field, for create, rotate and revoke. Each refusal is a
 * {@link ForbiddenException} naming the rule and the field, changes nothing and appends exactly one denied event;
 * each allowed call appends exactly one success event. Run on the in-memory store and the JPA store on H2,
 * PostgreSQL and MariaDB.
 */
public abstract class ManagementRulesContract {

    protected ManagementFixture f;

    protected abstract ManagementStore newStore();

    @BeforeEach
    void setUp() {
        f = new ManagementFixture(newStore());
    }

    @AfterEach
    void tearDown() {
        f.close();
    }

    // ---- create ----

    /** A create by {@code caller} of a key with {@code change} applied; {@code rule == null} means allowed. */
    record CreateCase(String name, Caller caller, UnaryOperator<NewKey.Builder> change, ManagementRule rule,
                      String field) {
        @Override
        public String toString() {
            return caller + " " + name + " -> " + (rule == null ? "allowed" : rule + " " + field);
        }
    }

    static CreateCase allowed(Caller caller, String name, UnaryOperator<NewKey.Builder> change) {
        return new CreateCase(name, caller, change, null, null);
    }

    static CreateCase refused(Caller caller, String name, UnaryOperator<NewKey.Builder> change, ManagementRule rule,
                              String field) {
        return new CreateCase(name, caller, change, rule, field);
    }

    static Stream<CreateCase> createCases() {
        return Stream.of(
                // organization
                allowed(Caller.ORG_ADMIN, "own organization", b -> b),
                refused(Caller.ORG_ADMIN, "other organization", b -> org(b, "globex"), ManagementRule.ORGANIZATION,
                        "organization_id"),
                allowed(Caller.PLATFORM_ADMIN, "other organization", b -> org(b, "globex")),
                // environment
                refused(Caller.TEST_ADMIN, "live key", b -> b.environment(Environment.LIVE),
                        ManagementRule.ENVIRONMENT, "environment"),
                allowed(Caller.TEST_ADMIN, "test key", b -> b.environment(Environment.TEST)),
                allowed(Caller.ORG_ADMIN, "test key", b -> b.environment(Environment.TEST)),
                // permissions
                refused(Caller.WRITE_KEY, "admin key", b -> b.permissions(Permission.ADMIN), ManagementRule.PERMISSIONS,
                        "permissions"),
                allowed(Caller.WRITE_KEY, "read key", b -> b.permissions(Permission.READ)),
                allowed(Caller.ORG_ADMIN, "admin key", b -> b.permissions(Permission.ADMIN)),
                // restriction
                allowed(Caller.RESTRICTED_ADMIN, "restriction left out (inherited)", b -> b),
                allowed(Caller.RESTRICTED_ADMIN, "same restriction", b -> b.restriction(wf("wf_echo"))),
                refused(Caller.RESTRICTED_ADMIN, "other restriction", b -> b.restriction(wf("wf_summarize")),
                        ManagementRule.RESTRICTION, "workflow_id"),
                refused(Caller.RESTRICTED_ADMIN, "restriction of another type",
                        b -> b.restriction(new Restriction("dataset", "wf_echo")), ManagementRule.RESTRICTION,
                        "workflow_id"),
                // team
                allowed(Caller.TEAM_ADMIN, "team left out (inherited)", b -> b),
                refused(Caller.TEAM_ADMIN, "other team", b -> b.teamId("team_research"), ManagementRule.TEAM,
                        "team_id"),
                allowed(Caller.ORG_ADMIN, "any team of its organization", b -> b.teamId("team_research")),
                // expiry
                allowed(Caller.EXPIRING_ADMIN, "expiry left out (inherited)", b -> b),
                allowed(Caller.EXPIRING_ADMIN, "earlier expiry", b -> b.expiresAt(T0.plus(Duration.ofMinutes(30)))),
                allowed(Caller.EXPIRING_ADMIN, "same expiry", b -> b.expiresAt(T0.plus(Duration.ofHours(1)))),
                refused(Caller.EXPIRING_ADMIN, "later expiry", b -> b.expiresAt(T0.plus(Duration.ofHours(2))),
                        ManagementRule.EXPIRY, "expires_at"),
                // rate limit
                allowed(Caller.LIMITED_ADMIN, "rate limit left out (inherited)", b -> b),
                allowed(Caller.LIMITED_ADMIN, "slower rate limit", b -> b.rateLimit(new Limit(1, 3600))),
                allowed(Caller.LIMITED_ADMIN, "same rate, other window (48/day = 2/h)",
                        b -> b.rateLimit(new Limit(48, 86_400))),
                refused(Caller.LIMITED_ADMIN, "faster by one request a day (49/day)",
                        b -> b.rateLimit(new Limit(49, 86_400)), ManagementRule.RATE_LIMIT, "rate_limit"),
                refused(Caller.LIMITED_ADMIN, "faster rate limit", b -> b.rateLimit(new Limit(3, 3600)),
                        ManagementRule.RATE_LIMIT, "rate_limit"),
                refused(Caller.LIMITED_ADMIN, "huge rate limit (no overflow)",
                        b -> b.rateLimit(new Limit(Long.MAX_VALUE, 1)), ManagementRule.RATE_LIMIT, "rate_limit"),
                allowed(Caller.ORG_ADMIN, "rate limit within its plan (10/s of team 600/min)",
                        b -> b.rateLimit(new Limit(10, 1))),
                refused(Caller.ORG_ADMIN, "rate limit beyond its plan", b -> b.rateLimit(new Limit(11, 1)),
                        ManagementRule.RATE_LIMIT, "rate_limit"),
                allowed(Caller.PLATFORM_ADMIN, "rate limit beyond its plan", b -> b.rateLimit(new Limit(1000, 1))),
                // plan
                refused(Caller.ORG_ADMIN, "plan set", b -> b.plan("free"), ManagementRule.PLAN, "plan"),
                allowed(Caller.PLATFORM_ADMIN, "plan set", b -> org(b, "acme").plan("free")),
                // plan access
                refused(Caller.PLATFORM_ADMIN, "key for an organization without API access", b -> org(b, "initech"),
                        ManagementRule.PLAN_ACCESS, "organization_id"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("createCases")
    void createWhenCallerAndFieldThenAllowedOrRefusedByTheNamedRule(CreateCase c) {
        Actor actor = f.actor(c.caller());
        NewKey spec = c.change().apply(NewKey.builder(null, null).name("made by " + c.caller())).build();
        int keysBefore = keyCount();

        if (c.rule() == null) {
            CreatedKey created = f.keys.create(actor, spec);
            assertThat(keyCount()).isEqualTo(keysBefore + 1);
            assertThat(f.events()).singleElement().satisfies(e -> {
                assertThat(e.outcome()).isEqualTo(AuditEvent.Outcome.SUCCESS);
                assertThat(e.action()).isEqualTo(AuditEvent.Action.KEY_CREATE);
                assertThat(e.target()).isEqualTo(new AuditEvent.Target(AuditEvent.TargetType.KEY, created.key().id()));
                assertThat(e.organizationId()).isEqualTo(created.key().organizationId());
                assertActor(e, c.caller());
            });
            assertInherited(c.caller(), spec, created.key());
        } else {
            assertThatThrownBy(() -> f.keys.create(actor, spec))
                    .isInstanceOfSatisfying(ForbiddenException.class, e -> {
                        assertThat(e.rule()).isEqualTo(c.rule());
                        assertThat(e.field()).isEqualTo(c.field());
                        assertThat(e.getMessage()).startsWith(c.rule().wireName() + ": ").contains(c.field());
                    });
            assertThat(keyCount()).isEqualTo(keysBefore);
            assertThat(f.events()).singleElement().satisfies(e -> {
                assertThat(e.outcome()).isEqualTo(AuditEvent.Outcome.DENIED);
                assertThat(e.action()).isEqualTo(AuditEvent.Action.KEY_CREATE);
                assertThat(e.target()).isEqualTo(new AuditEvent.Target(AuditEvent.TargetType.KEY, null));
                assertActor(e, c.caller());
            });
        }
    }

    /** What the body leaves out, the new key inherits from its caller. */
    private void assertInherited(Caller caller, NewKey spec, ApiKey made) {
        ApiKey parent = f.key(caller);
        if (spec.organizationId() == null) {
            assertThat(made.organizationId()).isEqualTo(parent.organizationId());
        }
        if (spec.owner() == null) {
            assertThat(made.owner()).isEqualTo(parent.owner());
        }
        if (spec.restriction() == null) {
            assertThat(made.restriction()).isEqualTo(parent.restriction());
        }
        if (spec.teamId() == null) {
            assertThat(made.teamId()).isEqualTo(parent.teamId());
        }
        if (spec.expiresAt() == null) {
            assertThat(made.expiresAt()).isEqualTo(parent.expiresAt());
        }
        if (spec.rateLimit() == null) {
            assertThat(made.rateLimit()).isEqualTo(parent.rateLimit());
        }
    }

    // ---- rotate and revoke ----

    enum Operation { ROTATE, REVOKE }

    /** {@code caller} rotates or revokes a key of {@code organization} made with {@code target}. */
    record ManageCase(String name, Caller caller, String organization, UnaryOperator<NewKey.Builder> target,
                      ManagementRule rule, String field) {
        @Override
        public String toString() {
            return caller + " on " + name + " -> " + (rule == null ? "allowed" : rule + " " + field);
        }
    }

    static Stream<ManageCase> manageCases() {
        return Stream.of(
                new ManageCase("a key of its organization", Caller.ORG_ADMIN, "acme", b -> b, null, null),
                new ManageCase("a key of another organization", Caller.PLATFORM_ADMIN, "globex", b -> b, null, null),
                new ManageCase("a live key", Caller.TEST_ADMIN, "acme", b -> b, ManagementRule.ENVIRONMENT,
                        "environment"),
                new ManageCase("a test key", Caller.TEST_ADMIN, "acme", b -> b.environment(Environment.TEST), null,
                        null),
                new ManageCase("an admin key", Caller.WRITE_KEY, "acme", b -> b.permissions(Permission.ADMIN),
                        ManagementRule.PERMISSIONS, "permissions"),
                new ManageCase("a write key", Caller.WRITE_KEY, "acme", b -> b.permissions(Permission.WRITE), null,
                        null),
                new ManageCase("an unrestricted key", Caller.RESTRICTED_ADMIN, "acme", b -> b,
                        ManagementRule.RESTRICTION, "workflow_id"),
                new ManageCase("a key of another workflow", Caller.RESTRICTED_ADMIN, "acme",
                        b -> b.restriction(wf("wf_summarize")), ManagementRule.RESTRICTION, "workflow_id"),
                new ManageCase("a key of its workflow", Caller.RESTRICTED_ADMIN, "acme", b -> b.restriction(wf("wf_echo")),
                        null, null),
                new ManageCase("a key without team", Caller.TEAM_ADMIN, "acme", b -> b, ManagementRule.TEAM, "team_id"),
                new ManageCase("a key of another team", Caller.TEAM_ADMIN, "acme", b -> b.teamId("team_research"),
                        ManagementRule.TEAM, "team_id"),
                new ManageCase("a key of its team", Caller.TEAM_ADMIN, "acme", b -> b.teamId("team_ops"), null, null),
                new ManageCase("a key that never expires", Caller.EXPIRING_ADMIN, "acme", b -> b,
                        ManagementRule.EXPIRY, "expires_at"),
                new ManageCase("a key expiring later", Caller.EXPIRING_ADMIN, "acme",
                        b -> b.expiresAt(T0.plus(Duration.ofDays(1))), ManagementRule.EXPIRY, "expires_at"),
                new ManageCase("a key expiring sooner", Caller.EXPIRING_ADMIN, "acme",
                        b -> b.expiresAt(T0.plus(Duration.ofMinutes(10))), null, null),
                new ManageCase("a key without rate limit", Caller.LIMITED_ADMIN, "acme", b -> b,
                        ManagementRule.RATE_LIMIT, "rate_limit"),
                new ManageCase("a faster key", Caller.LIMITED_ADMIN, "acme", b -> b.rateLimit(new Limit(3, 3600)),
                        ManagementRule.RATE_LIMIT, "rate_limit"),
                new ManageCase("a slower key", Caller.LIMITED_ADMIN, "acme", b -> b.rateLimit(new Limit(1, 3600)), null,
                        null),
                new ManageCase("a key with a plan set by the platform", Caller.ORG_ADMIN, "acme", b -> b.plan("free"),
                        null, null));
    }

    static Stream<org.junit.jupiter.params.provider.Arguments> manageCasesByOperation() {
        return manageCases().flatMap(c -> Stream.of(Operation.values())
                .map(op -> org.junit.jupiter.params.provider.Arguments.of(op, c)));
    }

    @ParameterizedTest(name = "{0} by {1}")
    @MethodSource("manageCasesByOperation")
    void rotateOrRevokeWhenCallerAndTargetThenAllowedOrRefusedByTheNamedRule(Operation op, ManageCase c) {
        ApiKey target = f.target(c.organization(), c.target());
        Actor actor = f.actor(c.caller());
        int keysBefore = keyCount();
        AuditEvent.Action action = op == Operation.ROTATE ? AuditEvent.Action.KEY_ROTATE : AuditEvent.Action.KEY_REVOKE;

        if (c.rule() == null) {
            if (op == Operation.ROTATE) {
                CreatedKey fresh = f.keys.rotate(actor, target.id(), 0).orElseThrow();
                assertThat(fresh.key().replacesId()).isEqualTo(target.id());
                assertThat(keyCount()).isEqualTo(keysBefore + 1);
            } else {
                assertThat(f.keys.revoke(actor, target.id()).orElseThrow().revokedAt()).isNotNull();
            }
            assertThat(f.store.findById(target.id()).orElseThrow().revokedAt()).isNotNull();
            assertThat(f.events()).singleElement().satisfies(e -> {
                assertThat(e.outcome()).isEqualTo(AuditEvent.Outcome.SUCCESS);
                assertThat(e.action()).isEqualTo(action);
                assertThat(e.target()).isEqualTo(new AuditEvent.Target(AuditEvent.TargetType.KEY, target.id()));
                assertThat(e.organizationId()).isEqualTo(target.organizationId());
                assertActor(e, c.caller());
            });
        } else {
            assertThatThrownBy(() -> {
                if (op == Operation.ROTATE) {
                    f.keys.rotate(actor, target.id(), 0);
                } else {
                    f.keys.revoke(actor, target.id());
                }
            }).isInstanceOfSatisfying(ForbiddenException.class, e -> {
                assertThat(e.rule()).isEqualTo(c.rule());
                assertThat(e.field()).isEqualTo(c.field());
                assertThat(e.getMessage()).startsWith(c.rule().wireName() + ": ").contains(c.field());
            });
            assertThat(keyCount()).isEqualTo(keysBefore);
            assertThat(f.store.findById(target.id())).contains(target);
            assertThat(f.events()).singleElement().satisfies(e -> {
                assertThat(e.outcome()).isEqualTo(AuditEvent.Outcome.DENIED);
                assertThat(e.action()).isEqualTo(action);
                assertThat(e.target().id()).isEqualTo(target.id());
                assertActor(e, c.caller());
            });
        }
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(Operation.class)
    void rotateOrRevokeWhenKeyOfAnotherOrganizationThenInvisibleUnchangedAndDeniedEventForThatOrganization(
            Operation op) {
        ApiKey theirs = f.target("globex", b -> b);
        Actor actor = f.actor(Caller.ORG_ADMIN);

        Optional<?> result = op == Operation.ROTATE ? f.keys.rotate(actor, theirs.id(), 0)
                : f.keys.revoke(actor, theirs.id());

        assertThat(result).isEmpty();
        assertThat(f.store.findById(theirs.id())).contains(theirs);
        assertThat(f.keys.get(actor, theirs.id())).isEmpty();
        assertThat(f.events()).singleElement().satisfies(e -> {
            assertThat(e.outcome()).isEqualTo(AuditEvent.Outcome.DENIED);
            assertThat(e.organizationId()).isEqualTo("globex");
            assertThat(e.target().id()).isEqualTo(theirs.id());
            assertActor(e, Caller.ORG_ADMIN);
        });
    }

    // ---- helpers ----

    private void assertActor(AuditEvent e, Caller caller) {
        ApiKey key = f.key(caller);
        assertThat(e.actor()).isEqualTo(new AuditEvent.Actor(key.id(), key.organizationId(), key.owner()));
        assertThat(e.clientAddress()).isEqualTo(ManagementFixture.ADDRESS);
    }

    private int keyCount() {
        return (int) f.store.search(new io.keygate.store.KeyQuery(null, null, 1, 1)).total();
    }

    private static NewKey.Builder org(NewKey.Builder b, String organization) {
        // a body naming another organization also names an owner of it: the caller's own owner is not one
        return b.organizationId(organization).owner(Owner.user("someone_of_" + organization));
    }

    private static Restriction wf(String id) {
        return new Restriction("workflow", id);
    }
}
