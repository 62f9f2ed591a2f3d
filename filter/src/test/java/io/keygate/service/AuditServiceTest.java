package io.keygate.service;

import io.keygate.keys.ApiKey;
import io.keygate.keys.KeyFormat;
import io.keygate.keys.Owner;
import io.keygate.service.ManagementFixture.Caller;
import io.keygate.store.AuditEvent;
import io.keygate.store.AuditQuery;
import io.keygate.store.InMemoryApiKeyStore;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The audit log through {@link AuditService}: visibility, filters, console events, meters, no secrets. */
class AuditServiceTest {

    private final ManagementFixture f = new ManagementFixture(new InMemoryApiKeyStore());
    private final AuditService audit = f.keygate.audit();

    @AfterEach
    void close() {
        f.close();
    }

    @Test
    void searchWhenPlatformAdminThenEveryEventAndOtherwiseOnlyTheCallersOrganization() {
        ApiKey acmeKey = f.keys.create(f.actor(Caller.ORG_ADMIN), NewKey.builder(null, null).build()).key();
        f.keys.create(f.actor(Caller.PLATFORM_ADMIN), NewKey.builder("globex", Owner.user("g")).build());
        ApiKey globexKey = f.target("globex", b -> b);
        f.keys.revoke(f.actor(Caller.ORG_ADMIN), globexKey.id());

        List<AuditEvent> all = audit.search(f.actor(Caller.PLATFORM_ADMIN), AuditQuery.all(1, 100)).items();
        List<AuditEvent> acme = audit.search(f.actor(Caller.ORG_ADMIN), AuditQuery.all(1, 100)).items();

        assertThat(all).hasSize(3);
        assertThat(acme).singleElement().satisfies(e -> assertThat(e.target().id()).isEqualTo(acmeKey.id()));
        // acme's refused attempt on globex's key belongs to globex
        assertThat(audit.search(f.actor(Caller.PLATFORM_ADMIN), new AuditQuery("globex", null, null, null,
                AuditEvent.Outcome.DENIED, 1, 10)).items()).singleElement()
                .satisfies(e -> assertThat(e.actor().organizationId()).isEqualTo("acme"));
        assertThatThrownBy(() -> audit.search(f.actor(Caller.ORG_ADMIN), new AuditQuery("globex", null, null, null,
                null, 1, 10))).isInstanceOfSatisfying(ForbiddenException.class,
                e -> assertThat(e.field()).isEqualTo("organization_id"));
    }

    @Test
    void searchWhenFilteredByActionTargetActorAndOutcomeThenOnlyMatchingEvents() {
        Actor admin = f.actor(Caller.ORG_ADMIN);
        ApiKey k = f.keys.create(admin, NewKey.builder(null, null).build()).key();
        f.keys.rotate(admin, k.id(), 0);
        f.keys.revoke(admin, k.id());
        assertThatThrownBy(() -> f.keys.create(admin, NewKey.builder(null, null).plan("free").build()))
                .isInstanceOf(ForbiddenException.class);

        assertThat(audit.search(admin, new AuditQuery(null, null, k.id(), null, null, 1, 10)).items())
                .extracting(AuditEvent::action)
                .containsExactlyInAnyOrder(AuditEvent.Action.KEY_CREATE, AuditEvent.Action.KEY_ROTATE,
                        AuditEvent.Action.KEY_REVOKE);
        assertThat(audit.search(admin, new AuditQuery(null, AuditEvent.Action.KEY_CREATE, null, null, null, 1, 10))
                .total()).isEqualTo(2);
        assertThat(audit.search(admin, new AuditQuery(null, null, null, null, AuditEvent.Outcome.DENIED, 1, 10))
                .items()).singleElement().satisfies(e -> assertThat(e.action()).isEqualTo(AuditEvent.Action.KEY_CREATE));
        assertThat(audit.search(admin, new AuditQuery(null, null, null, f.key(Caller.ORG_ADMIN).id(), null, 1, 10))
                .total()).isEqualTo(4);
        assertThat(audit.search(admin, new AuditQuery(null, null, null, "key_nobody", null, 1, 10)).total()).isZero();
        assertThatThrownBy(() -> audit.search(admin, new AuditQuery(null, null, "a b", null, null, 1, 10)))
                .isInstanceOfSatisfying(ValidationException.class, e -> assertThat(e.field()).isEqualTo("target_id"));
    }

    @Test
    void recordWhenConsoleSignInThenOneEventWithTheGivenFieldsAndCounted() {
        Actor admin = f.actor(Caller.ORG_ADMIN);

        AuditEvent in = audit.record(admin, AuditEvent.Action.CONSOLE_SIGN_IN, AuditEvent.Outcome.SUCCESS,
                AuditEvent.TargetType.KEY, admin.keyId(), "acme");
        AuditEvent failed = audit.record(null, AuditEvent.Action.CONSOLE_SIGN_IN, AuditEvent.Outcome.DENIED,
                AuditEvent.TargetType.KEY, null, null);

        assertThat(f.events()).containsExactlyInAnyOrder(in, failed);
        assertThat(in.actor()).isEqualTo(new AuditEvent.Actor(admin.keyId(), "acme", admin.owner()));
        assertThat(failed.actor()).isEqualTo(new AuditEvent.Actor(null, null, null));
        assertThat(in.id()).startsWith("evt_");
        assertThat(f.eventsCounted(AuditEvent.Outcome.SUCCESS)).isEqualTo(1);
        assertThat(f.eventsCounted(AuditEvent.Outcome.DENIED)).isEqualTo(1);
    }

    @Test
    void eventsWhenClientAddressIsForgedThenStoredPrintableRedactedAndWithinTheColumn() {
        String key = KeyFormat.compose("sk_live_", "0123456789ABCDEFGHIJKLMNOPQRSTUV");
        Actor forged = f.keys.actor(f.key(Caller.ORG_ADMIN).id(), "  " + key + "\n\u0000évil" + "x".repeat(300));

        AuditEvent e = audit.record(forged, AuditEvent.Action.CONSOLE_SIGN_OUT, AuditEvent.Outcome.SUCCESS,
                AuditEvent.TargetType.KEY, null, "acme");

        assertThat(e.clientAddress()).hasSizeLessThanOrEqualTo(AuditEvent.MAX_FIELD_LENGTH)
                .doesNotContain(key.substring(8, 40)).startsWith("??sk_live_0123...").matches("[\\x21-\\x7e]+");
    }

    @Test
    void eventsWhenManyActionsThenNoEventHoldsAKeyOrAHash() {
        Actor admin = f.actor(Caller.ORG_ADMIN);
        CreatedKey created = f.keys.create(admin, NewKey.builder(null, null).build());
        CreatedKey rotated = f.keys.rotate(admin, created.key().id(), 0).orElseThrow();
        f.keys.revoke(admin, rotated.key().id());
        f.keygate.serviceAccounts().disable(admin, "sa_acme_ci");

        for (AuditEvent e : f.events()) {
            for (CreatedKey k : List.of(created, rotated)) {
                assertThat(e.toString()).doesNotContain(k.plaintext()).doesNotContain(k.key().hash())
                        .doesNotContain(k.plaintext().substring(8, 40));
            }
        }
        assertThat(f.events()).hasSize(4);
    }

    @Test
    void managementCallWhenKeygateHasNoAuditLogThenRefusedBeforeAnythingIsWritten() {
        InMemoryApiKeyStore memory = new InMemoryApiKeyStore();
        ApiKeyService plain = new ApiKeyService(new io.keygate.store.ForwardingApiKeyStore(memory) {
        });
        ApiKey caller = plain.create(NewKey.builder("acme", Owner.user("u"))
                .permissions(io.keygate.keys.Permission.ADMIN).build()).key();

        assertThatThrownBy(() -> plain.create(Actor.of(caller, null), NewKey.builder(null, null).build()))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("audit log");
        assertThat(memory.size()).isEqualTo(1);
    }
}
