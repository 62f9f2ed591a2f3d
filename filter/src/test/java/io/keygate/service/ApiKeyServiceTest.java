package io.keygate.service;

import io.keygate.keys.ApiKey;
import io.keygate.keys.Environment;
import io.keygate.keys.KeyFormat;
import io.keygate.keys.Owner;
import io.keygate.keys.Permission;
import io.keygate.keys.Restriction;
import io.keygate.limit.Limit;
import io.keygate.limit.Plan;
import io.keygate.limit.StaticPlanResolver;
import io.keygate.store.ApiKeyStore;
import io.keygate.store.AuditEvent;
import io.keygate.store.RotationResult;
import io.keygate.store.InMemoryApiKeyStore;
import io.keygate.store.KeyQuery;
import io.keygate.store.Page;
import io.keygate.store.StoreUnavailableException;
import io.keygate.testing.MutableClock;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.lang.reflect.RecordComponent;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ApiKeyServiceTest {

    private static final Instant T0 = Instant.parse("2026-03-01T12:00:00.123Z");

    private final MutableClock clock = MutableClock.at(T0);
    private final InMemoryApiKeyStore store = new InMemoryApiKeyStore();
    private final ApiKeyService service = new ApiKeyService(store, KeyFormat.standard(), clock,
            StaticPlanResolver.single(Plan.of("pro", new Limit(300, 60))));

    // --- create -------------------------------------------------------------------------------------------------

    @Test
    void createWhenValidThenPlaintextReturnedAndOnlyItsHashStored() {
        CreatedKey created = service.create(spec().name("ci deploy").build());
        String plaintext = created.plaintext();
        String body = plaintext.substring("sk_live_".length(), "sk_live_".length() + KeyFormat.BODY_LENGTH);

        assertThat(KeyFormat.standard().isWellFormed(plaintext)).isTrue();
        ApiKey stored = store.findById(created.key().id()).orElseThrow();
        assertThat(stored.hash()).isEqualTo(KeyFormat.sha256Hex(plaintext));
        assertThat(stored.redacted()).isEqualTo(plaintext.substring(0, 12) + "..." + plaintext.substring(42));
        // no stored value holds the key or its secret body
        for (RecordComponent component : ApiKey.class.getRecordComponents()) {
            String value = String.valueOf(valueOf(component, stored));
            assertThat(value).as(component.getName()).doesNotContain(plaintext).doesNotContain(body);
        }
        assertThat(created.toString()).doesNotContain(plaintext).doesNotContain(body);
        assertThat(stored.toString()).doesNotContain(plaintext).doesNotContain(stored.hash());
    }

    @Test
    void createWhenReturnedThenStoreAlreadyHasTheKey() {
        CreatedKey created = service.create(spec().build());

        assertThat(store.findByHash(KeyFormat.sha256Hex(created.plaintext())))
                .hasValueSatisfying(k -> assertThat(k.id()).isEqualTo(created.key().id()));
    }

    @Test
    void createWhenStoreFailsThenThrowsAndNoPlaintextHandedOut() {
        ApiKeyService failing = new ApiKeyService(new FailingInsertStore(), KeyFormat.standard(), clock, null);

        assertThatThrownBy(() -> failing.create(spec().build())).isInstanceOf(StoreUnavailableException.class);
    }

    @Test
    void createWhenCalledTwiceThenDistinctIdsAndKeys() {
        CreatedKey a = service.create(spec().build());
        CreatedKey b = service.create(spec().build());

        assertThat(a.key().id()).isNotEqualTo(b.key().id()).startsWith(ApiKeyService.ID_PREFIX);
        assertThat(a.plaintext()).isNotEqualTo(b.plaintext());
    }

    @Test
    void createWhenAllAttributesGivenThenStoredAsGiven() {
        CreatedKey created = service.create(fullSpec().build());

        ApiKey k = store.findById(created.key().id()).orElseThrow();
        assertThat(k.name()).isEqualTo("nightly export");
        assertThat(k.organizationId()).isEqualTo("acme");
        assertThat(k.teamId()).isEqualTo("team-data");
        assertThat(k.owner()).isEqualTo(Owner.serviceAccount("svc_export"));
        assertThat(k.environment()).isEqualTo(Environment.TEST);
        assertThat(k.permissions()).containsExactlyInAnyOrder(Permission.READ, Permission.ADMIN);
        assertThat(k.restriction()).isEqualTo(new Restriction("workflow", "wf_echo"));
        assertThat(k.plan()).isEqualTo("pro");
        assertThat(k.rateLimit()).isEqualTo(new Limit(10, 60));
        assertThat(k.expiresAt()).isEqualTo(T0.plus(Duration.ofDays(30)));
        assertThat(k.createdAt()).isEqualTo(T0);
        assertThat(k.revokedAt()).isNull();
        assertThat(k.replacesId()).isNull();
        assertThat(created.plaintext()).startsWith("sk_test_");
    }

    // --- validation ---------------------------------------------------------------------------------------------

    record Invalid(String field, UnaryOperator<NewKey> change) {
        @Override
        public String toString() {
            return field;
        }
    }

    static Stream<Invalid> invalidSpecs() {
        return Stream.of(
                new Invalid("organization_id", s -> with(s, null, s.teamId(), s.owner(), s.name())),
                new Invalid("organization_id", s -> with(s, " ", s.teamId(), s.owner(), s.name())),
                new Invalid("organization_id", s -> with(s, "acme corp", s.teamId(), s.owner(), s.name())),
                new Invalid("organization_id", s -> with(s, "a".repeat(65), s.teamId(), s.owner(), s.name())),
                new Invalid("name", s -> with(s, s.organizationId(), s.teamId(), s.owner(), "n".repeat(129))),
                new Invalid("owner", s -> with(s, s.organizationId(), s.teamId(), null, s.name())),
                new Invalid("owner.id", s -> with(s, s.organizationId(), s.teamId(), Owner.user("bob smith"), s.name())),
                new Invalid("owner.id", s -> with(s, s.organizationId(), s.teamId(), Owner.user(""), s.name())),
                new Invalid("team_id", s -> with(s, s.organizationId(), "team/data", s.owner(), s.name())),
                new Invalid("team_id", s -> with(s, s.organizationId(), "t".repeat(65), s.owner(), s.name())),
                new Invalid("permissions", s -> new NewKey(s.name(), s.organizationId(), s.teamId(), s.owner(),
                        s.environment(), EnumSet.noneOf(Permission.class), s.restriction(), s.plan(), s.rateLimit(),
                        s.expiresAt())),
                new Invalid("permissions", s -> new NewKey(s.name(), s.organizationId(), s.teamId(), s.owner(),
                        s.environment(), null, s.restriction(), s.plan(), s.rateLimit(), s.expiresAt())),
                new Invalid("environment", s -> new NewKey(s.name(), s.organizationId(), s.teamId(), s.owner(),
                        null, s.permissions(), s.restriction(), s.plan(), s.rateLimit(), s.expiresAt())),
                new Invalid("expires_at", s -> new NewKey(s.name(), s.organizationId(), s.teamId(), s.owner(),
                        s.environment(), s.permissions(), s.restriction(), s.plan(), s.rateLimit(), T0.minusSeconds(1))),
                new Invalid("expires_at", s -> new NewKey(s.name(), s.organizationId(), s.teamId(), s.owner(),
                        s.environment(), s.permissions(), s.restriction(), s.plan(), s.rateLimit(), T0)),
                new Invalid("plan", s -> new NewKey(s.name(), s.organizationId(), s.teamId(), s.owner(),
                        s.environment(), s.permissions(), s.restriction(), "gold", s.rateLimit(), s.expiresAt())),
                new Invalid("restriction.id", s -> new NewKey(s.name(), s.organizationId(), s.teamId(), s.owner(),
                        s.environment(), s.permissions(), new Restriction("workflow", "wf echo"), s.plan(),
                        s.rateLimit(), s.expiresAt())),
                new Invalid("restriction.type", s -> new NewKey(s.name(), s.organizationId(), s.teamId(), s.owner(),
                        s.environment(), s.permissions(), new Restriction("", "wf_echo"), s.plan(),
                        s.rateLimit(), s.expiresAt())));
    }

    @ParameterizedTest(name = "{index}: {0}")
    @MethodSource("invalidSpecs")
    void createWhenFieldInvalidThenValidationExceptionNamesWireField(Invalid c) {
        NewKey bad = c.change().apply(fullSpec().build());

        assertThatThrownBy(() -> service.create(bad))
                .isInstanceOfSatisfying(ValidationException.class, e -> {
                    assertThat(e.field()).isEqualTo(c.field());
                    assertThat(e.getMessage()).contains(c.field());
                });
        assertThat(store.size()).isZero();
    }

    @Test
    void createWhenBoundaryValuesThenAccepted() {
        ApiKey k = service.create(spec().name("n".repeat(128)).teamId("").plan("").expiresAt(T0.plusMillis(1))
                .build()).key();

        assertThat(k.name()).hasSize(128);
        assertThat(k.teamId()).isNull();
        assertThat(k.plan()).isNull();
    }

    @Test
    void createWhenNoPlanResolverThenAnyPlanNameAccepted() {
        ApiKeyService lenient = new ApiKeyService(store, KeyFormat.standard(), clock, null);

        assertThat(lenient.create(spec().plan("gold").build()).key().plan()).isEqualTo("gold");
    }

    // --- revoke -------------------------------------------------------------------------------------------------

    @Test
    void revokeWhenActiveThenRevokedNowAndListenersToldBeforeReturn() {
        ApiKey key = service.create(spec().build()).key();
        List<String> heard = new CopyOnWriteArrayList<>();
        List<Instant> revokedAtWhenHeard = new ArrayList<>();
        service.addListener(hash -> {
            heard.add(hash);
            revokedAtWhenHeard.add(store.findByHash(hash).orElseThrow().revokedAt());
        });
        clock.advance(Duration.ofMinutes(5));

        Optional<ApiKey> revoked = service.revoke(key.id());

        assertThat(revoked).hasValueSatisfying(k -> assertThat(k.revokedAt()).isEqualTo(T0.plus(Duration.ofMinutes(5))));
        assertThat(heard).containsExactly(key.hash());
        // the listener ran after the revocation was durable: a reload from the store sees it
        assertThat(revokedAtWhenHeard).containsExactly(T0.plus(Duration.ofMinutes(5)));
        assertThat(store.findById(key.id()).orElseThrow().statusAt(clock.instant())).isEqualTo(ApiKey.Status.REVOKED);
    }

    @Test
    void revokeWhenAlreadyRevokedThenUnchangedAndStillReturned() {
        ApiKey key = service.create(spec().build()).key();
        service.revoke(key.id());
        clock.advance(Duration.ofHours(1));

        Optional<ApiKey> again = service.revoke(key.id());

        assertThat(again).hasValueSatisfying(k -> assertThat(k.revokedAt()).isEqualTo(T0));
    }

    @Test
    void revokeWhenUnknownIdThenEmptyAndNoListenerCalled() {
        List<String> heard = new CopyOnWriteArrayList<>();
        service.addListener(heard::add);

        assertThat(service.revoke("key_doesnotexist")).isEmpty();
        assertThat(service.revoke("")).isEmpty();
        assertThat(service.revoke(null)).isEmpty();
        assertThat(service.revoke("k".repeat(65))).isEmpty();
        assertThat(heard).isEmpty();
    }

    @Test
    void revokeWhenListenerThrowsThenRevocationStandsAndOtherListenersStillCalled() {
        ApiKey key = service.create(spec().build()).key();
        List<String> heard = new CopyOnWriteArrayList<>();
        service.addListener(hash -> {
            throw new IllegalStateException("broadcast failed");
        });
        service.addListener(heard::add);

        Optional<ApiKey> revoked = service.revoke(key.id());

        assertThat(revoked).hasValueSatisfying(k -> assertThat(k.revokedAt()).isNotNull());
        assertThat(heard).containsExactly(key.hash());
    }

    @Test
    void removeListenerWhenRemovedThenNoLongerCalled() {
        ApiKey key = service.create(spec().build()).key();
        List<String> heard = new CopyOnWriteArrayList<>();
        RevocationListener listener = heard::add;
        service.addListener(listener);
        service.removeListener(listener);

        service.revoke(key.id());

        assertThat(heard).isEmpty();
    }

    @Test
    void applyRemoteChangeWhenCalledThenLocalListenersToldAndBroadcastersSkipped() {
        List<String> local = new CopyOnWriteArrayList<>();
        List<String> broadcast = new CopyOnWriteArrayList<>();
        service.addListener(local::add);
        service.addListener(new RevocationListener() {
            @Override
            public void keyChanged(String keyHash) {
                broadcast.add(keyHash);
            }

            @Override
            public boolean broadcasts() {
                return true;
            }
        });

        service.applyRemoteChange("ab".repeat(32));
        assertThat(local).containsExactly("ab".repeat(32));
        assertThat(broadcast).isEmpty();

        // a local revocation does reach the broadcaster
        ApiKey key = service.create(spec().build()).key();
        service.revoke(key.id());
        assertThat(broadcast).containsExactly(key.hash());
    }

    // --- rotate -------------------------------------------------------------------------------------------------

    @Test
    void rotateWhenGraceZeroThenOldRevokedAtOnceAndNewKeyReplacesIt() {
        ApiKey old = service.create(fullSpec().build()).key();
        List<String> heard = new CopyOnWriteArrayList<>();
        service.addListener(heard::add);
        clock.advance(Duration.ofMinutes(1));

        CreatedKey rotated = service.rotate(old.id(), 0).orElseThrow();

        Instant now = T0.plus(Duration.ofMinutes(1));
        assertThat(store.findById(old.id()).orElseThrow().revokedAt()).isEqualTo(now);
        assertThat(heard).containsExactly(old.hash());
        ApiKey fresh = store.findById(rotated.key().id()).orElseThrow();
        assertThat(fresh.hash()).isEqualTo(KeyFormat.sha256Hex(rotated.plaintext())).isNotEqualTo(old.hash());
        assertThat(fresh.createdAt()).isEqualTo(now);
        assertThat(fresh.statusAt(now)).isEqualTo(ApiKey.Status.ACTIVE);
    }

    @Test
    void rotateWhenRotatedThenNewKeyKeepsEveryAttributeAndNamesTheOldOne() {
        ApiKey old = service.create(fullSpec().build()).key();

        ApiKey fresh = service.rotate(old.id(), 0).orElseThrow().key();

        assertThat(fresh.id()).isNotEqualTo(old.id());
        assertThat(fresh.replacesId()).isEqualTo(old.id());
        assertThat(fresh.name()).isEqualTo(old.name());
        assertThat(fresh.organizationId()).isEqualTo(old.organizationId());
        assertThat(fresh.teamId()).isEqualTo(old.teamId());
        assertThat(fresh.owner()).isEqualTo(old.owner());
        assertThat(fresh.environment()).isEqualTo(old.environment());
        assertThat(fresh.permissions()).isEqualTo(old.permissions());
        assertThat(fresh.restriction()).isEqualTo(old.restriction());
        assertThat(fresh.plan()).isEqualTo(old.plan());
        assertThat(fresh.rateLimit()).isEqualTo(old.rateLimit());
        assertThat(fresh.expiresAt()).isEqualTo(old.expiresAt());
        assertThat(fresh.prefix()).isEqualTo(old.prefix());
    }

    @Test
    void rotateWhenGracePositiveThenOldKeyExpiresAfterGrace() {
        ApiKey old = service.create(spec().build()).key();
        clock.advance(Duration.ofMinutes(1));

        service.rotate(old.id(), 3600).orElseThrow();

        ApiKey after = store.findById(old.id()).orElseThrow();
        Instant graceEnd = T0.plus(Duration.ofMinutes(1)).plusSeconds(3600);
        assertThat(after.revokedAt()).isNull();
        assertThat(after.expiresAt()).isEqualTo(graceEnd);
        assertThat(after.statusAt(graceEnd.minusMillis(1))).isEqualTo(ApiKey.Status.ACTIVE);
        assertThat(after.statusAt(graceEnd)).isEqualTo(ApiKey.Status.EXPIRED);
    }

    @Test
    void rotateWhenOldKeyExpiresBeforeGraceEndsThenItsOwnExpiryKept() {
        Instant ownExpiry = T0.plusSeconds(600);
        ApiKey old = service.create(spec().expiresAt(ownExpiry).build()).key();

        service.rotate(old.id(), 3600).orElseThrow();

        assertThat(store.findById(old.id()).orElseThrow().expiresAt()).isEqualTo(ownExpiry);
    }

    @Test
    void rotateWhenKeyRevokedThenKeyNotActive() {
        ApiKey old = service.create(spec().build()).key();
        service.revoke(old.id());

        assertThatThrownBy(() -> service.rotate(old.id(), 0))
                .isInstanceOf(KeyNotActiveException.class).hasMessageContaining("revoked");
        assertThat(store.size()).isEqualTo(1);
    }

    @Test
    void rotateWhenKeyExpiredThenKeyNotActive() {
        ApiKey old = service.create(spec().expiresAt(T0.plusSeconds(10)).build()).key();
        clock.advance(Duration.ofSeconds(10));

        assertThatThrownBy(() -> service.rotate(old.id(), 0))
                .isInstanceOf(KeyNotActiveException.class).hasMessageContaining("expired");
    }

    @Test
    void rotateWhenGraceNegativeOrOverOneYearThenValidationNamesGraceSeconds() {
        ApiKey old = service.create(spec().build()).key();

        for (long grace : new long[] {-1, ApiKeyService.MAX_GRACE_SECONDS + 1, Long.MAX_VALUE}) {
            assertThatThrownBy(() -> service.rotate(old.id(), grace))
                    .isInstanceOfSatisfying(ValidationException.class,
                            e -> assertThat(e.field()).isEqualTo("grace_seconds"))
                    .hasMessageContaining(String.valueOf(grace));
        }
        assertThat(service.rotate(old.id(), ApiKeyService.MAX_GRACE_SECONDS)).isPresent();
    }

    @Test
    void rotateWhenUnknownIdThenEmpty() {
        assertThat(service.rotate("key_doesnotexist", 0)).isEmpty();
    }

    // --- import -------------------------------------------------------------------------------------------------

    @Test
    void importKeyWhenWellFormedLiveKeyThenStoredByHashAndUsable() {
        String plaintext = KeyFormat.compose("sk_live_", "0123456789ABCDEFGHIJKLMNOPQRSTUV");

        CreatedKey imported = service.importKey(spec().permissions(Permission.ADMIN).build(), plaintext);

        assertThat(imported.plaintext()).isEqualTo(plaintext);
        assertThat(store.findByHash(KeyFormat.sha256Hex(plaintext)))
                .hasValueSatisfying(k -> assertThat(k.id()).isEqualTo(imported.key().id()));
        assertThat(imported.key().redacted()).isEqualTo("sk_live_0123...hqg7");
    }

    @Test
    void importKeyWhenMalformedThenValidationWithoutEchoingTheKey() {
        String almost = KeyFormat.compose("sk_live_", "0123456789ABCDEFGHIJKLMNOPQRSTUV");
        String badChecksum = almost.substring(0, almost.length() - 1) + (almost.endsWith("A") ? "B" : "A");

        for (String bad : List.of(badChecksum, "sk_live_short", "not-a-key-at-all-but-quite-long-anyway-0123456789")) {
            assertThatThrownBy(() -> service.importKey(spec().build(), bad))
                    .isInstanceOfSatisfying(ValidationException.class, e -> {
                        assertThat(e.field()).isEqualTo("key");
                        assertThat(e.getMessage()).doesNotContain(bad);
                    });
        }
        assertThat(store.size()).isZero();
    }

    @Test
    void importKeyWhenTestKeyForLiveSpecThenRejectedWithoutEcho() {
        String testKey = KeyFormat.compose("sk_test_", "abcdefghijklmnopqrstuvwxyz012345");

        assertThatThrownBy(() -> service.importKey(spec().build(), testKey))
                .isInstanceOfSatisfying(ValidationException.class, e -> {
                    assertThat(e.field()).isEqualTo("key");
                    assertThat(e.getMessage()).doesNotContain(testKey).contains("sk_live_");
                });
    }

    // --- get ----------------------------------------------------------------------------------------------------

    @Test
    void getWhenIdKnownThenKeyAndOtherwiseEmpty() {
        ApiKey key = service.create(spec().build()).key();

        assertThat(service.get(key.id())).contains(store.findById(key.id()).orElseThrow());
        assertThat(service.get("key_nope")).isEmpty();
        assertThat(service.get(null)).isEmpty();
        assertThat(service.get("x".repeat(65))).isEmpty();
    }

    // --- helpers ------------------------------------------------------------------------------------------------

    private static NewKey.Builder spec() {
        return NewKey.builder("acme", Owner.user("u1"));
    }

    private NewKey.Builder fullSpec() {
        return NewKey.builder("acme", Owner.serviceAccount("svc_export"))
                .name("nightly export")
                .teamId("team-data")
                .environment(Environment.TEST)
                .permissions(Permission.READ, Permission.ADMIN)
                .restriction(new Restriction("workflow", "wf_echo"))
                .plan("pro")
                .rateLimit(new Limit(10, 60))
                .expiresAt(T0.plus(Duration.ofDays(30)));
    }

    private static NewKey with(NewKey s, String organizationId, String teamId, Owner owner, String name) {
        return new NewKey(name, organizationId, teamId, owner, s.environment(), s.permissions(), s.restriction(),
                s.plan(), s.rateLimit(), s.expiresAt());
    }

    private static Object valueOf(RecordComponent component, ApiKey key) {
        try {
            return component.getAccessor().invoke(key);
        } catch (ReflectiveOperationException e) {
            throw new AssertionError(e);
        }
    }

    /** A store whose writes fail: create must not hand out a key it could not keep. */
    private static final class FailingInsertStore implements ApiKeyStore {
        @Override
        public Optional<ApiKey> findByHash(String hash) {
            return Optional.empty();
        }

        @Override
        public Optional<ApiKey> findById(String id) {
            return Optional.empty();
        }

        @Override
        public void insert(ApiKey key, AuditEvent event) {
            throw new StoreUnavailableException("database down");
        }

        @Override
        public boolean revoke(String id, Instant revokedAt, AuditEvent event) {
            return false;
        }

        @Override
        public RotationResult rotate(ApiKey replacement, String oldId, Instant oldRevokedAt, Instant oldExpiresAt,
                                     AuditEvent event) {
            return RotationResult.NOT_FOUND;
        }

        @Override
        public Page<ApiKey> search(KeyQuery query) {
            return new Page<>(List.of(), query.page(), query.size(), 0);
        }

        @Override
        public void recordLastUsed(Map<String, Instant> lastUsedById) {
        }
    }
}
