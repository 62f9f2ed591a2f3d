package io.keygate.service;

import io.keygate.keys.ApiKey;
import io.keygate.keys.Environment;
import io.keygate.keys.Owner;
import io.keygate.keys.Restriction;
import io.keygate.service.ManagementFixture.Caller;
import io.keygate.store.AuditEvent;
import io.keygate.store.InMemoryApiKeyStore;
import io.keygate.store.Page;
import io.keygate.store.ServiceAccount;
import io.keygate.store.ServiceAccountQuery;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import static io.keygate.service.ManagementFixture.T0;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Service accounts (contract §7.2) through {@link ServiceAccountService}, on the in-memory store. */
class ServiceAccountServiceTest {

    private final ManagementFixture f = new ManagementFixture(new InMemoryApiKeyStore());
    private final ServiceAccountService accounts = f.keygate.serviceAccounts();

    @AfterEach
    void close() {
        f.close();
    }

    @Test
    void createWhenOnlyNameGivenThenActiveAccountOfTheCallersOrganizationAndOneEvent() {
        ServiceAccount a = accounts.create(f.actor(Caller.ORG_ADMIN), new NewServiceAccount("Nightly export", null, null));

        assertThat(a.id()).startsWith(ServiceAccountService.ID_PREFIX).hasSize(3 + 24);
        assertThat(a.name()).isEqualTo("Nightly export");
        assertThat(a.organizationId()).isEqualTo("acme");
        assertThat(a.teamId()).isNull();
        assertThat(a.status()).isEqualTo(ServiceAccount.Status.ACTIVE);
        assertThat(a.createdAt()).isEqualTo(T0);
        assertThat(a.disabledAt()).isNull();
        assertThat(accounts.get(a.id())).contains(a);
        assertThat(f.events()).singleElement().satisfies(e -> {
            assertThat(e.action()).isEqualTo(AuditEvent.Action.SERVICE_ACCOUNT_CREATE);
            assertThat(e.outcome()).isEqualTo(AuditEvent.Outcome.SUCCESS);
            assertThat(e.target()).isEqualTo(new AuditEvent.Target(AuditEvent.TargetType.SERVICE_ACCOUNT, a.id()));
            assertThat(e.organizationId()).isEqualTo("acme");
            assertThat(e.actor().keyId()).isEqualTo(f.key(Caller.ORG_ADMIN).id());
        });
    }

    @Test
    void createWhenAnotherOrganizationThenForbiddenUnlessPlatformAdmin() {
        assertThatThrownBy(() -> accounts.create(f.actor(Caller.ORG_ADMIN), new NewServiceAccount("x", "globex", null)))
                .isInstanceOfSatisfying(ForbiddenException.class, e -> {
                    assertThat(e.rule()).isEqualTo(ManagementRule.ORGANIZATION);
                    assertThat(e.field()).isEqualTo("organization_id");
                });
        assertThat(f.events()).singleElement().satisfies(e -> {
            assertThat(e.outcome()).isEqualTo(AuditEvent.Outcome.DENIED);
            assertThat(e.organizationId()).isEqualTo("globex");
        });

        ServiceAccount a = accounts.create(f.actor(Caller.PLATFORM_ADMIN), new NewServiceAccount("x", "globex", null));
        assertThat(a.organizationId()).isEqualTo("globex");
    }

    @Test
    void createWhenCallerHasTeamThenInheritedAndAnotherTeamForbidden() {
        Actor teamAdmin = f.actor(Caller.TEAM_ADMIN);

        assertThat(accounts.create(teamAdmin, new NewServiceAccount("ops bot", null, null)).teamId())
                .isEqualTo("team_ops");
        assertThatThrownBy(() -> accounts.create(teamAdmin, new NewServiceAccount("x", null, "team_research")))
                .isInstanceOfSatisfying(ForbiddenException.class, e -> assertThat(e.field()).isEqualTo("team_id"));
    }

    @Test
    void createWhenTeamIsNotOneOfTheOrganizationsThenTeamIdRefused() {
        assertThatThrownBy(() -> accounts.create(f.actor(Caller.PLATFORM_ADMIN),
                new NewServiceAccount("x", "globex", "team_ops")))
                .isInstanceOfSatisfying(ValidationException.class, e -> assertThat(e.field()).isEqualTo("team_id"));
        assertThat(accounts.create(f.actor(Caller.ORG_ADMIN), new NewServiceAccount("x", null, "team_ops")).teamId())
                .isEqualTo("team_ops");
    }

    @Test
    void createWhenNameMissingTooLongOrMalformedThenNameRefused() {
        String emoji = "\uD83D\uDE00";
        for (String bad : List.of("", "n".repeat(129), emoji.repeat(129), "a\u0000", "\uDE00")) {
            assertThatThrownBy(() -> accounts.create(f.actor(Caller.ORG_ADMIN), new NewServiceAccount(bad, null, null)))
                    .isInstanceOfSatisfying(ValidationException.class, e -> assertThat(e.field()).isEqualTo("name"));
        }
        assertThatThrownBy(() -> accounts.create(f.actor(Caller.ORG_ADMIN), new NewServiceAccount(null, null, null)))
                .isInstanceOf(ValidationException.class);
        assertThat(accounts.create(f.actor(Caller.ORG_ADMIN), new NewServiceAccount(emoji.repeat(128), null, null))
                .name()).isEqualTo(emoji.repeat(128));
    }

    @Test
    void getAndSearchWhenAccountOfAnotherOrganizationThenInvisibleUnlessPlatformAdmin() {
        Actor admin = f.actor(Caller.ORG_ADMIN);

        assertThat(accounts.get(admin, "sa_globex")).isEmpty();
        assertThat(accounts.get(admin, "sa_acme_ci")).isPresent();
        assertThat(accounts.get(f.actor(Caller.PLATFORM_ADMIN), "sa_globex")).isPresent();
        Page<ServiceAccount> own = accounts.search(admin, new ServiceAccountQuery(null, null, null, 1, 20));
        assertThat(own.items()).extracting(ServiceAccount::id).containsExactly("sa_acme_ci");
        assertThat(accounts.search(f.actor(Caller.PLATFORM_ADMIN), new ServiceAccountQuery(null, null, null, 1, 20))
                .total()).isEqualTo(2);
        assertThatThrownBy(() -> accounts.search(admin, new ServiceAccountQuery("globex", null, null, 1, 20)))
                .isInstanceOf(ForbiddenException.class);
        assertThatThrownBy(() -> accounts.search(admin, new ServiceAccountQuery(null, "\u0000", null, 1, 20)))
                .isInstanceOfSatisfying(ValidationException.class, e -> assertThat(e.field()).isEqualTo("q"));
    }

    @Test
    void disableWhenAccountOwnsKeysThenEveryKeyRevokedEachHashAnnouncedAndOneEvent() {
        List<ApiKey> owned = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            owned.add(f.keys.create(f.actor(Caller.ORG_ADMIN), NewKey.builder(null, Owner.serviceAccount("sa_acme_ci"))
                    .build()).key());
        }
        ApiKey bystander = f.target("acme", b -> b);
        List<String> heard = new CopyOnWriteArrayList<>();
        f.keys.addListener(heard::add);
        f.clock.advance(Duration.ofMinutes(1));
        int eventsBefore = f.events().size();

        ServiceAccount disabled = accounts.disable(f.actor(Caller.ORG_ADMIN), "sa_acme_ci").orElseThrow();

        assertThat(disabled.disabledAt()).isEqualTo(T0.plus(Duration.ofMinutes(1)));
        assertThat(heard).containsExactlyInAnyOrderElementsOf(owned.stream().map(ApiKey::hash).toList());
        for (ApiKey k : owned) {
            assertThat(f.store.findById(k.id()).orElseThrow().statusAt(f.clock.instant()))
                    .isEqualTo(ApiKey.Status.REVOKED);
        }
        assertThat(f.store.findById(bystander.id()).orElseThrow().revokedAt()).isNull();
        assertThat(f.events()).hasSize(eventsBefore + 1).first().satisfies(e -> {
            assertThat(e.action()).isEqualTo(AuditEvent.Action.SERVICE_ACCOUNT_DISABLE);
            assertThat(e.target().id()).isEqualTo("sa_acme_ci");
        });
        assertThatThrownBy(() -> f.keys.create(f.actor(Caller.ORG_ADMIN),
                NewKey.builder(null, Owner.serviceAccount("sa_acme_ci")).build()))
                .isInstanceOfSatisfying(ValidationException.class, e -> assertThat(e.field()).isEqualTo("owner.id"));
    }

    @Test
    void disableWhenRepeatedThenSameAccountNothingAnnouncedAndStillAudited() {
        accounts.disable(f.actor(Caller.ORG_ADMIN), "sa_acme_ci");
        List<String> heard = new CopyOnWriteArrayList<>();
        f.keys.addListener(heard::add);
        f.clock.advance(Duration.ofMinutes(1));

        ServiceAccount again = accounts.disable(f.actor(Caller.ORG_ADMIN), "sa_acme_ci").orElseThrow();

        assertThat(again.disabledAt()).isEqualTo(T0);
        assertThat(heard).isEmpty();
        assertThat(f.events()).hasSize(2);
    }

    @Test
    void disableWhenAccountOfAnotherOrganizationOrUnknownThenEmptyAndOnlyTheVisibleAttemptAudited() {
        assertThat(accounts.disable(f.actor(Caller.ORG_ADMIN), "sa_globex")).isEmpty();
        assertThat(accounts.disable(f.actor(Caller.ORG_ADMIN), "sa_unknown")).isEmpty();

        assertThat(accounts.get("sa_globex").orElseThrow().isActive()).isTrue();
        assertThat(f.events()).singleElement().satisfies(e -> {
            assertThat(e.outcome()).isEqualTo(AuditEvent.Outcome.DENIED);
            assertThat(e.organizationId()).isEqualTo("globex");
        });
    }

    @Test
    void disableWhenCallerCouldNotRevokeOneOfTheAccountsKeysThenForbiddenAndNothingChanges() {
        ApiKey unrestricted = f.keys.create(NewKey.builder("acme", Owner.serviceAccount("sa_acme_ci")).build()).key();
        f.keys.create(NewKey.builder("acme", Owner.serviceAccount("sa_acme_ci"))
                .restriction(new Restriction("workflow", "wf_echo")).build());

        assertThatThrownBy(() -> accounts.disable(f.actor(Caller.RESTRICTED_ADMIN), "sa_acme_ci"))
                .isInstanceOfSatisfying(ForbiddenException.class,
                        e -> assertThat(e.rule()).isEqualTo(ManagementRule.RESTRICTION));
        assertThatThrownBy(() -> accounts.disable(f.actor(Caller.TEST_ADMIN), "sa_acme_ci"))
                .isInstanceOfSatisfying(ForbiddenException.class,
                        e -> assertThat(e.rule()).isEqualTo(ManagementRule.ENVIRONMENT));

        assertThat(accounts.get("sa_acme_ci").orElseThrow().isActive()).isTrue();
        assertThat(f.store.findById(unrestricted.id()).orElseThrow().revokedAt()).isNull();
        assertThat(f.events()).hasSize(2).allSatisfy(e -> assertThat(e.outcome()).isEqualTo(AuditEvent.Outcome.DENIED));
    }

    @Test
    void disableWhenAccountOwnsOnlyTestKeysThenTestCallerMayDisableIt() {
        f.keys.create(NewKey.builder("acme", Owner.serviceAccount("sa_acme_ci")).environment(Environment.TEST).build());

        assertThat(accounts.disable(f.actor(Caller.TEST_ADMIN), "sa_acme_ci")).isPresent();
    }

    @Test
    void ensureWhenAccountDisabledThenActiveAgainAndWhenOfAnotherOrganizationThenRefused() {
        accounts.disable("sa_acme_ci");

        assertThat(accounts.ensure("sa_acme_ci", "CI", "acme").isActive()).isTrue();
        assertThatThrownBy(() -> accounts.ensure("sa_acme_ci", "CI", "globex"))
                .isInstanceOf(IllegalStateException.class);
    }
}
