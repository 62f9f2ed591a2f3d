package io.keygate.service;

import io.keygate.Keygate;
import io.keygate.keys.KeyFormat;
import io.keygate.keys.Owner;
import io.keygate.keys.Permission;
import io.keygate.limit.Limit;
import io.keygate.limit.Plan;
import io.keygate.limit.StaticPlanResolver;
import io.keygate.store.AuditEvent;
import io.keygate.store.AuditQuery;
import io.keygate.store.InMemoryApiKeyStore;
import io.keygate.store.OrganizationPlanStore;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Plan changes (contract §7.4) through {@link PlanService}: platform admins only, audited either way. */
class PlanServiceTest {

    /** An application's organization directory: the plan and the event change together. */
    static final class Directory implements OrganizationPlanStore {
        final Map<String, String> plans = new ConcurrentHashMap<>(Map.of("acme", "team", "platform", "enterprise"));
        final InMemoryApiKeyStore store;

        Directory(InMemoryApiKeyStore store) {
            this.store = store;
        }

        @Override
        public synchronized boolean assignPlan(String organizationId, String planName, AuditEvent event) {
            if (!plans.containsKey(organizationId)) {
                return false;
            }
            store.auditLog().append(event);
            plans.put(organizationId, planName);
            return true;
        }
    }

    private final InMemoryApiKeyStore store = new InMemoryApiKeyStore();
    private final Directory directory = new Directory(store);
    private final Keygate keygate = Keygate.builder().store(store)
            .planResolver(new StaticPlanResolver(Map.of("team", Plan.of("team", new Limit(600, 60)),
                    "enterprise", Plan.unlimited("enterprise"), "starter", Plan.of("starter", new Limit(100, 3600),
                            new Limit(10_000, 86_400))), Map.of(), null))
            .organizationPlanStore(directory)
            .build();

    @AfterEach
    void close() {
        keygate.close();
    }

    private Actor admin(String organization) {
        return Actor.of(keygate.service().create(NewKey.builder(organization, Owner.user("u"))
                .permissions(Permission.ADMIN).build()).key(), "10.0.0.1");
    }

    private List<AuditEvent> events() {
        return store.auditLog().search(AuditQuery.all(1, 100)).items();
    }

    @Test
    void changePlanWhenPlatformAdminThenAssignedAndOneSuccessEvent() {
        Actor platform = admin("platform");

        PlanService.Assignment a = keygate.planChanges().changePlan(platform, "acme", "starter").orElseThrow();

        assertThat(a).isEqualTo(new PlanService.Assignment("acme", "starter"));
        assertThat(directory.plans).containsEntry("acme", "starter");
        assertThat(events()).singleElement().satisfies(e -> {
            assertThat(e.action()).isEqualTo(AuditEvent.Action.ORGANIZATION_PLAN);
            assertThat(e.outcome()).isEqualTo(AuditEvent.Outcome.SUCCESS);
            assertThat(e.target()).isEqualTo(new AuditEvent.Target(AuditEvent.TargetType.ORGANIZATION, "acme"));
            assertThat(e.organizationId()).isEqualTo("acme");
            assertThat(e.actor().keyId()).isEqualTo(platform.keyId());
        });
    }

    @Test
    void changePlanWhenNotPlatformAdminThenForbiddenPlanUnchangedAndDeniedEvent() {
        assertThatThrownBy(() -> keygate.planChanges().changePlan(admin("acme"), "acme", "enterprise"))
                .isInstanceOfSatisfying(ForbiddenException.class, e -> {
                    assertThat(e.rule()).isEqualTo(ManagementRule.PLAN);
                    assertThat(e.field()).isEqualTo("plan");
                });

        assertThat(directory.plans).containsEntry("acme", "team");
        assertThat(events()).singleElement().satisfies(e -> {
            assertThat(e.outcome()).isEqualTo(AuditEvent.Outcome.DENIED);
            assertThat(e.organizationId()).isEqualTo("acme");
        });
    }

    @Test
    void changePlanWhenPlanUnknownOrOrganizationUnknownThenNoChangeAndNoEvent() {
        Actor platform = admin("platform");

        assertThatThrownBy(() -> keygate.planChanges().changePlan(platform, "acme", "gold"))
                .isInstanceOfSatisfying(ValidationException.class, e -> assertThat(e.field()).isEqualTo("plan"));
        assertThatThrownBy(() -> keygate.planChanges().changePlan(platform, "acme", null))
                .isInstanceOf(ValidationException.class);
        assertThatThrownBy(() -> keygate.planChanges().changePlan(platform, "ac me", "starter"))
                .isInstanceOfSatisfying(ValidationException.class,
                        e -> assertThat(e.field()).isEqualTo("organization_id"));
        assertThat(keygate.planChanges().changePlan(platform, "hooli", "starter")).isEmpty();

        assertThat(events()).isEmpty();
    }

    @Test
    void changePlanWhenOrganizationIdLooksLikeAKeyThenTheDeniedEventHoldsOnlyItsRedactedForm() {
        String key = KeyFormat.compose("sk_live_", "0123456789ABCDEFGHIJKLMNOPQRSTUV");

        assertThatThrownBy(() -> keygate.planChanges().changePlan(admin("acme"), key, "starter"))
                .isInstanceOf(ForbiddenException.class);

        assertThat(events()).singleElement().satisfies(e -> {
            assertThat(e.target().id()).isEqualTo("sk_live_0123...hqg7");
            assertThat(e.organizationId()).isEqualTo("sk_live_0123...hqg7");
        });
    }

    @Test
    void changePlanWhenNoOrganizationPlanStoreThenIllegalState() {
        try (Keygate without = Keygate.builder().store(new InMemoryApiKeyStore()).build()) {
            Actor any = Actor.of(without.service().create(NewKey.builder("platform", Owner.user("u"))
                    .permissions(Permission.ADMIN).build()).key(), null);

            assertThatThrownBy(() -> without.planChanges().changePlan(any, "acme", "free"))
                    .isInstanceOf(IllegalStateException.class).hasMessageContaining("OrganizationPlanStore");
        }
    }
}
