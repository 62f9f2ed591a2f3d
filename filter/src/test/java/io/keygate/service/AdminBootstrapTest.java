package io.keygate.service;

import io.keygate.Keygate;
import io.keygate.keys.ApiKey;
import io.keygate.keys.KeyFormat;
import io.keygate.keys.Owner;
import io.keygate.keys.Permission;
import io.keygate.store.InMemoryApiKeyStore;
import io.keygate.store.ServiceAccount;
import io.keygate.testing.MutableClock;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The admin-key bootstrap shared by the sample and the drop-in listener. */
class AdminBootstrapTest {

    private static final String GIVEN = KeyFormat.compose("sk_live_", "0123456789ABCDEFGHIJKLMNOPQRSTUV");

    private final MutableClock clock = MutableClock.at(Instant.parse("2026-05-01T00:00:00Z"));
    private final InMemoryApiKeyStore store = new InMemoryApiKeyStore();
    private final Keygate keygate = Keygate.builder().store(store).clock(clock).platformOrganization("root").build();
    private final AdminBootstrap bootstrap = keygate.management().bootstrap();

    @AfterEach
    void close() {
        keygate.close();
    }

    @Test
    void ensureAdminWhenNoneThenGeneratedAdminKeyOwnedByTheBootstrapAccountOfThePlatform() {
        AdminBootstrap.Generated g = (AdminBootstrap.Generated) bootstrap.ensureAdmin(null);

        ApiKey k = g.key().key();
        assertThat(k.organizationId()).isEqualTo("root");
        assertThat(k.owner()).isEqualTo(Owner.serviceAccount(AdminBootstrap.ACCOUNT_ID));
        assertThat(k.effectivePermissions()).contains(Permission.ADMIN);
        assertThat(k.name()).isEqualTo(AdminBootstrap.KEY_NAME);
        assertThat(KeyFormat.standard().isWellFormed(g.key().plaintext())).isTrue();
        ServiceAccount account = keygate.serviceAccounts().get(AdminBootstrap.ACCOUNT_ID).orElseThrow();
        assertThat(account.name()).isEqualTo("Bootstrap");
        assertThat(account.organizationId()).isEqualTo("root");
        assertThat(keygate.service().isPlatformAdmin(keygate.service().actor(k.id(), null))).isTrue();
    }

    @Test
    void ensureAdminWhenActiveAdminExistsThenNothingCreatedAndAnUnusedGivenKeyReported() {
        bootstrap.ensureAdmin(null);

        assertThat(bootstrap.ensureAdmin(null)).isEqualTo(new AdminBootstrap.Existing(false));
        assertThat(bootstrap.ensureAdmin(GIVEN)).isEqualTo(new AdminBootstrap.Existing(true));
        assertThat(store.size()).isEqualTo(1);
    }

    @Test
    void ensureAdminWhenKeyGivenThenThatKeyStored() {
        AdminBootstrap.Imported imported = (AdminBootstrap.Imported) bootstrap.ensureAdmin(GIVEN);

        assertThat(store.findByHash(KeyFormat.sha256Hex(GIVEN))).contains(imported.key());
        assertThat(bootstrap.ensureAdmin(GIVEN)).isEqualTo(new AdminBootstrap.Existing(false));
    }

    @Test
    void ensureAdminWhenLastAdminRevokedOrExpiredThenANewOneAndTheAccountActiveAgain() {
        ApiKey first = ((AdminBootstrap.Generated) bootstrap.ensureAdmin(null)).key().key();
        keygate.serviceAccounts().disable(AdminBootstrap.ACCOUNT_ID);
        assertThat(store.findById(first.id()).orElseThrow().revokedAt()).isNotNull();

        AdminBootstrap.Result second = bootstrap.ensureAdmin(null);

        assertThat(second).isInstanceOf(AdminBootstrap.Generated.class);
        assertThat(keygate.serviceAccounts().get(AdminBootstrap.ACCOUNT_ID).orElseThrow().isActive()).isTrue();
        ApiKey expiring = keygate.service().create(io.keygate.service.NewKey.builder("root", Owner.user("x"))
                .permissions(Permission.ADMIN).expiresAt(clock.instant().plusSeconds(60)).build()).key();
        keygate.service().revoke(((AdminBootstrap.Generated) second).key().key().id());
        assertThat(bootstrap.ensureAdmin(null)).isInstanceOf(AdminBootstrap.Existing.class);
        clock.advance(Duration.ofSeconds(60));
        assertThat(bootstrap.ensureAdmin(null)).isInstanceOf(AdminBootstrap.Generated.class);
        assertThat(store.findById(expiring.id())).isPresent();
    }

    @Test
    void ensureAdminWhenGivenKeyIsStoredButNotAnActiveAdminThenIllegalStateWithoutTheKey() {
        bootstrap.ensureAdmin(GIVEN);
        keygate.service().revoke(store.findByHash(KeyFormat.sha256Hex(GIVEN)).orElseThrow().id());

        assertThatThrownBy(() -> bootstrap.ensureAdmin(GIVEN)).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("revoked").hasMessageNotContaining(GIVEN)
                .hasMessageNotContaining(GIVEN.substring(8, 40));
    }

    @Test
    void checkKeyWhenMalformedOrTestKeyThenSaysWhyWithoutShowingIt() {
        String test = KeyFormat.compose("sk_test_", "0123456789ABCDEFGHIJKLMNOPQRSTUV");
        String badChecksum = GIVEN.substring(0, GIVEN.length() - 1) + (GIVEN.endsWith("A") ? "B" : "A");

        assertThatThrownBy(() -> AdminBootstrap.checkKey(badChecksum, KeyFormat.standard()))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("not a well-formed")
                .hasMessageNotContaining(badChecksum.substring(8, 40));
        assertThatThrownBy(() -> AdminBootstrap.checkKey(test, KeyFormat.standard()))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("test key")
                .hasMessageNotContaining(test.substring(8, 40));
        AdminBootstrap.checkKey(null, KeyFormat.standard());
        AdminBootstrap.checkKey(GIVEN, KeyFormat.standard());
    }

    @Test
    void keygateWhenPlatformOrganizationMalformedThenBuildFailsNamingIt() {
        assertThatThrownBy(() -> Keygate.builder().store(new InMemoryApiKeyStore()).platformOrganization("bad id")
                .build()).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("platformOrganization");
    }
}
