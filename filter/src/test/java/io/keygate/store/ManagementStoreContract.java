package io.keygate.store;

import io.keygate.keys.ApiKey;
import io.keygate.keys.Environment;
import io.keygate.keys.GeneratedKey;
import io.keygate.keys.KeyFormat;
import io.keygate.keys.Owner;
import io.keygate.keys.Permission;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * What every {@link ManagementStore} promises beyond the key contract: service accounts, teams, the audit log, key
 * filters, at most one rotation per key, and that a change and its audit event are written together or not at all.
 * Run against the in-memory store and the JPA store on H2, PostgreSQL and MariaDB.
 */
public abstract class ManagementStoreContract {

    protected static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");
    private static final KeyFormat FORMAT = KeyFormat.standard();

    private final AtomicInteger sequence = new AtomicInteger();
    protected ManagementStore store;

    /** A store holding nothing, ready for one test. */
    protected abstract ManagementStore newStore();

    @BeforeEach
    void openStore() {
        store = newStore();
    }

    // ---- fixtures ----

    private String next(String prefix) {
        return prefix + sequence.incrementAndGet();
    }

    protected ApiKey key(String organizationId, Owner owner, Instant createdAt) {
        GeneratedKey g = FORMAT.generate(Environment.LIVE);
        return new ApiKey(next("key_m"), g.hash(), g.prefix(), g.start4(), g.end4(), "k", organizationId, null, owner,
                Environment.LIVE, EnumSet.of(Permission.READ), null, null, null, createdAt, null, null, null, null);
    }

    protected ApiKey key(String organizationId) {
        return key(organizationId, Owner.user("u1"), T0.plusMillis(sequence.get()));
    }

    protected ServiceAccount account(String organizationId, String name, Instant createdAt) {
        return new ServiceAccount(next("sa_m"), name, organizationId, null, createdAt, null);
    }

    protected AuditEvent event(AuditEvent.Action action, String targetId, String organizationId, Instant at) {
        return new AuditEvent(next("evt_m"), at, action, AuditEvent.Outcome.SUCCESS,
                new AuditEvent.Actor("key_actor", organizationId, Owner.user("alice")),
                new AuditEvent.Target(AuditEvent.TargetType.KEY, targetId), organizationId, "203.0.113.7");
    }

    protected AuditEvent event(AuditEvent.Action action, String targetId) {
        return event(action, targetId, "org_a", T0.plusSeconds(sequence.incrementAndGet()));
    }

    /** An event one field of which is longer than any store's column. */
    protected AuditEvent unwritableEvent(AuditEvent.Action action) {
        return new AuditEvent(next("evt_bad"), T0, action, AuditEvent.Outcome.SUCCESS,
                new AuditEvent.Actor("key_actor", "org_a", Owner.user("alice")),
                new AuditEvent.Target(AuditEvent.TargetType.KEY, "t".repeat(AuditEvent.MAX_FIELD_LENGTH + 1)), "org_a",
                null);
    }

    private List<AuditEvent> allEvents() {
        return store.auditLog().search(AuditQuery.all(1, 100)).items();
    }

    private ApiKey replacementFor(ApiKey old, Instant at) {
        GeneratedKey g = FORMAT.generate(old.environment());
        return new ApiKey(next("key_r"), g.hash(), g.prefix(), g.start4(), g.end4(), old.name(), old.organizationId(),
                old.teamId(), old.owner(), old.environment(), old.permissions(), old.restriction(), old.plan(),
                old.rateLimit(), at, old.expiresAt(), null, null, old.id());
    }

    // ---- service accounts ----

    @Test
    void insertAccountThenFoundByIdWithEveryAttribute() {
        ServiceAccount account = new ServiceAccount("sa_full", "Nightly export – ünïcode 😀", "org_a", "team_7",
                T0.plusMillis(5), null);

        store.serviceAccounts().insert(account, null);

        assertThat(store.serviceAccounts().findById("sa_full")).contains(account);
        assertThat(store.serviceAccounts().findById("sa_missing")).isEmpty();
    }

    @Test
    void insertAccountWhenNameHas128SupplementaryCharactersThenStoredWhole() {
        String name = "😀".repeat(128);
        ServiceAccount account = new ServiceAccount("sa_emoji", name, "org_a", null, T0, null);

        store.serviceAccounts().insert(account, null);

        assertThat(store.serviceAccounts().findById("sa_emoji").orElseThrow().name()).isEqualTo(name);
    }

    @Test
    void insertAccountWhenIdTakenThenDuplicateAndNoEvent() {
        ServiceAccount account = account("org_a", "one", T0);
        store.serviceAccounts().insert(account, null);
        ServiceAccount sameId = new ServiceAccount(account.id(), "two", "org_b", null, T0, null);

        assertThatThrownBy(() -> store.serviceAccounts().insert(sameId,
                event(AuditEvent.Action.SERVICE_ACCOUNT_CREATE, sameId.id())))
                .isInstanceOf(DuplicateKeyException.class);

        assertThat(store.serviceAccounts().findById(account.id())).contains(account);
        assertThat(allEvents()).isEmpty();
    }

    @Test
    void searchAccountsWhenFilteredThenOrganizationNameAndStatusAppliedNewestFirst() {
        ServiceAccount a1 = account("org_a", "CI deploy", T0.plusSeconds(1));
        ServiceAccount a2 = account("org_a", "ci 100%_done", T0.plusSeconds(2));
        ServiceAccount a3 = account("org_a", "exporter", T0.plusSeconds(3));
        ServiceAccount b1 = account("org_b", "CI", T0.plusSeconds(4));
        for (ServiceAccount a : List.of(a1, a2, a3, b1)) {
            store.serviceAccounts().insert(a, null);
        }
        store.serviceAccounts().disable(a3.id(), T0.plusSeconds(10), null);

        assertThat(store.serviceAccounts().search(new ServiceAccountQuery("org_a", null, null, 1, 20)).items())
                .extracting(ServiceAccount::id).containsExactly(a3.id(), a2.id(), a1.id());
        assertThat(store.serviceAccounts().search(new ServiceAccountQuery(null, "cI", null, 1, 20)).items())
                .extracting(ServiceAccount::id).containsExactly(b1.id(), a2.id(), a1.id());
        assertThat(store.serviceAccounts().search(new ServiceAccountQuery(null, "%_", null, 1, 20)).items())
                .extracting(ServiceAccount::id).containsExactly(a2.id());
        assertThat(store.serviceAccounts().search(new ServiceAccountQuery("org_a", null,
                ServiceAccount.Status.DISABLED, 1, 20)).items()).extracting(ServiceAccount::id).containsExactly(a3.id());
        assertThat(store.serviceAccounts().search(new ServiceAccountQuery("org_a", null,
                ServiceAccount.Status.ACTIVE, 1, 20)).total()).isEqualTo(2);
        Page<ServiceAccount> second = store.serviceAccounts().search(new ServiceAccountQuery(null, null, null, 2, 3));
        assertThat(second.items()).extracting(ServiceAccount::id).containsExactly(a1.id());
        assertThat(second.total()).isEqualTo(4);
    }

    @Test
    void disableWhenActiveThenAccountDisabledEveryOwnedKeyRevokedAndEventWrittenTogether() {
        ServiceAccount account = account("org_a", "ci", T0);
        store.serviceAccounts().insert(account, null);
        List<ApiKey> owned = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            ApiKey k = key("org_a", Owner.serviceAccount(account.id()), T0.plusMillis(i));
            store.insert(k);
            owned.add(k);
        }
        ApiKey alreadyRevoked = key("org_a", Owner.serviceAccount(account.id()), T0);
        store.insert(alreadyRevoked);
        store.revoke(alreadyRevoked.id(), T0.plusSeconds(1));
        ApiKey someoneElses = key("org_a", Owner.user(account.id()), T0);
        store.insert(someoneElses);
        Instant at = T0.plusSeconds(60);

        ServiceAccountStore.Disabled done = store.serviceAccounts()
                .disable(account.id(), at, event(AuditEvent.Action.SERVICE_ACCOUNT_DISABLE, account.id()))
                .orElseThrow();

        assertThat(done.account().disabledAt()).isEqualTo(at);
        assertThat(done.account().status()).isEqualTo(ServiceAccount.Status.DISABLED);
        assertThat(done.revokedKeys()).extracting(ApiKey::hash)
                .containsExactlyInAnyOrderElementsOf(owned.stream().map(ApiKey::hash).toList());
        for (ApiKey k : owned) {
            assertThat(store.findByHash(k.hash()).orElseThrow().revokedAt()).isEqualTo(at);
        }
        assertThat(store.findById(alreadyRevoked.id()).orElseThrow().revokedAt()).isEqualTo(T0.plusSeconds(1));
        assertThat(store.findById(someoneElses.id()).orElseThrow().revokedAt()).isNull();
        assertThat(allEvents()).singleElement()
                .satisfies(e -> assertThat(e.action()).isEqualTo(AuditEvent.Action.SERVICE_ACCOUNT_DISABLE));
    }

    @Test
    void disableWhenAlreadyDisabledThenNothingChangesButEventAppended() {
        ServiceAccount account = account("org_a", "ci", T0);
        store.serviceAccounts().insert(account, null);
        store.serviceAccounts().disable(account.id(), T0.plusSeconds(1), null);

        ServiceAccountStore.Disabled again = store.serviceAccounts().disable(account.id(), T0.plusSeconds(2),
                event(AuditEvent.Action.SERVICE_ACCOUNT_DISABLE, account.id())).orElseThrow();

        assertThat(again.account().disabledAt()).isEqualTo(T0.plusSeconds(1));
        assertThat(again.revokedKeys()).isEmpty();
        assertThat(allEvents()).hasSize(1);
    }

    @Test
    void disableWhenUnknownThenEmptyAndNothingWritten() {
        assertThat(store.serviceAccounts().disable("sa_missing", T0,
                event(AuditEvent.Action.SERVICE_ACCOUNT_DISABLE, "sa_missing"))).isEmpty();
        assertThat(allEvents()).isEmpty();
    }

    @Test
    void disableWhenEventCannotBeWrittenThenAccountAndKeysUnchanged() {
        ServiceAccount account = account("org_a", "ci", T0);
        store.serviceAccounts().insert(account, null);
        ApiKey k = key("org_a", Owner.serviceAccount(account.id()), T0);
        store.insert(k);

        assertThatThrownBy(() -> store.serviceAccounts().disable(account.id(), T0.plusSeconds(1),
                unwritableEvent(AuditEvent.Action.SERVICE_ACCOUNT_DISABLE)))
                .isInstanceOf(IllegalArgumentException.class);

        assertThat(store.serviceAccounts().findById(account.id()).orElseThrow().isActive()).isTrue();
        assertThat(store.findById(k.id()).orElseThrow().revokedAt()).isNull();
        assertThat(allEvents()).isEmpty();
    }

    @Test
    void enableWhenDisabledThenActiveAgainAndKeysStayRevoked() {
        ServiceAccount account = account("org_a", "bootstrap", T0);
        store.serviceAccounts().insert(account, null);
        ApiKey k = key("org_a", Owner.serviceAccount(account.id()), T0);
        store.insert(k);
        store.serviceAccounts().disable(account.id(), T0.plusSeconds(1), null);

        assertThat(store.serviceAccounts().enable(account.id())).isTrue();
        assertThat(store.serviceAccounts().enable(account.id())).isFalse();
        assertThat(store.serviceAccounts().enable("sa_missing")).isFalse();

        assertThat(store.serviceAccounts().findById(account.id()).orElseThrow().isActive()).isTrue();
        assertThat(store.findById(k.id()).orElseThrow().revokedAt()).isEqualTo(T0.plusSeconds(1));
    }

    // ---- owner checks of management writes ----

    @Test
    void managementInsertWhenServiceAccountOwnerMissingDisabledOrOfAnotherOrganizationThenRefusedAndNothingWritten() {
        ServiceAccount disabled = account("org_a", "old", T0);
        ServiceAccount elsewhere = account("org_b", "theirs", T0);
        store.serviceAccounts().insert(disabled, null);
        store.serviceAccounts().insert(elsewhere, null);
        store.serviceAccounts().disable(disabled.id(), T0, null);

        for (String owner : List.of("sa_missing", disabled.id(), elsewhere.id())) {
            ApiKey k = key("org_a", Owner.serviceAccount(owner), T0);
            assertThatThrownBy(() -> store.insert(k, event(AuditEvent.Action.KEY_CREATE, k.id())))
                    .as(owner).isInstanceOf(InactiveOwnerException.class);
            assertThat(store.findById(k.id())).isEmpty();
        }
        assertThat(allEvents()).isEmpty();
    }

    @Test
    void managementInsertWhenServiceAccountActiveInTheKeysOrganizationThenKeyAndEventStored() {
        ServiceAccount account = account("org_a", "ci", T0);
        store.serviceAccounts().insert(account, null);
        ApiKey k = key("org_a", Owner.serviceAccount(account.id()), T0);

        store.insert(k, event(AuditEvent.Action.KEY_CREATE, k.id()));

        assertThat(store.findById(k.id())).contains(k);
        assertThat(allEvents()).singleElement().satisfies(e -> assertThat(e.target().id()).isEqualTo(k.id()));
    }

    @Test
    void systemInsertWhenServiceAccountOwnerUnknownThenStoredWithoutCheck() {
        ApiKey k = key("org_a", Owner.serviceAccount("svc_imported"), T0);

        store.insert(k);

        assertThat(store.findById(k.id())).contains(k);
    }

    @Test
    void managementRotateWhenOwnerDisabledThenRefusedAndNothingWritten() {
        ServiceAccount account = account("org_a", "ci", T0);
        store.serviceAccounts().insert(account, null);
        store.serviceAccounts().disable(account.id(), T0, null);
        // a key of the disabled account that is not revoked: only a system write after the disable makes one
        ApiKey lateOld = key("org_a", Owner.serviceAccount(account.id()), T0);
        store.insert(lateOld);
        ApiKey replacement = replacementFor(lateOld, T0.plusSeconds(1));

        assertThatThrownBy(() -> store.rotate(replacement, lateOld.id(), T0.plusSeconds(1), null,
                event(AuditEvent.Action.KEY_ROTATE, lateOld.id()))).isInstanceOf(InactiveOwnerException.class);

        assertThat(store.findById(replacement.id())).isEmpty();
        assertThat(store.findById(lateOld.id()).orElseThrow().revokedAt()).isNull();
        assertThat(allEvents()).isEmpty();
    }

    @Test
    void disableWhileKeysAreCreatedForTheAccountThenNoActiveKeyOfItRemains() throws Exception {
        ServiceAccount account = account("org_a", "busy", T0);
        store.serviceAccounts().insert(account, null);
        int threads = 8;
        AtomicBoolean disabled = new AtomicBoolean();
        ConcurrentLinkedQueue<ApiKey> created = new ConcurrentLinkedQueue<>();
        AtomicInteger refused = new AtomicInteger();
        CountDownLatch start = new CountDownLatch(1);
        ExecutorService pool = Executors.newFixedThreadPool(threads + 1);
        try {
            List<Future<?>> futures = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                futures.add(pool.submit(() -> {
                    start.await();
                    for (int i = 0; i < 100 && refused.get() < threads * 3; i++) {
                        ApiKey k = key("org_a", Owner.serviceAccount(account.id()), T0.plusMillis(i));
                        try {
                            store.insert(k, event(AuditEvent.Action.KEY_CREATE, k.id()));
                            created.add(k);
                        } catch (InactiveOwnerException e) {
                            assertThat(disabled.get()).as("refused only once the disable began").isTrue();
                            refused.incrementAndGet();
                        }
                    }
                    return null;
                }));
            }
            futures.add(pool.submit(() -> {
                start.await();
                while (created.size() < 10) {
                    Thread.onSpinWait();
                }
                disabled.set(true);
                store.serviceAccounts().disable(account.id(), T0.plusSeconds(1), null);
                return null;
            }));
            start.countDown();
            for (Future<?> f : futures) {
                f.get(120, TimeUnit.SECONDS);
            }
        } finally {
            pool.shutdownNow();
        }

        assertThat(created).hasSizeGreaterThanOrEqualTo(10);
        for (ApiKey k : created) {
            assertThat(store.findById(k.id()).orElseThrow().revokedAt()).as("key %s of the disabled account", k.id())
                    .isNotNull();
        }
        assertThat(store.search(KeyQuery.builder().ownerType(Owner.Type.SERVICE_ACCOUNT).ownerId(account.id())
                .status(ApiKey.Status.ACTIVE, T0.plusSeconds(2)).build()).total()).isZero();
    }

    // ---- rotation at most once ----

    @Test
    void rotateWhenRotatedBeforeWithGraceThenAlreadyRotatedAndNothingWritten() {
        ApiKey old = key("org_a");
        store.insert(old);
        ApiKey first = replacementFor(old, T0.plusSeconds(1));
        assertThat(store.rotate(first, old.id(), null, T0.plusSeconds(3600), null)).isEqualTo(RotationResult.ROTATED);
        ApiKey second = replacementFor(old, T0.plusSeconds(2));

        assertThat(store.rotate(second, old.id(), null, T0.plusSeconds(60), event(AuditEvent.Action.KEY_ROTATE,
                old.id()))).isEqualTo(RotationResult.ALREADY_ROTATED);
        assertThat(store.rotate(second, old.id(), T0.plusSeconds(2), null, null))
                .isEqualTo(RotationResult.ALREADY_ROTATED);

        assertThat(store.findById(second.id())).isEmpty();
        assertThat(store.findById(old.id()).orElseThrow().expiresAt()).isEqualTo(T0.plusSeconds(3600));
        assertThat(allEvents()).isEmpty();
    }

    @Test
    void rotateWhenOldKeyExpiredRevokedOrMissingThenSaidSo() {
        ApiKey expired = key("org_a").withExpiresAt(T0.plusSeconds(1));
        ApiKey revoked = key("org_a");
        store.insert(expired);
        store.insert(revoked);
        store.revoke(revoked.id(), T0);

        assertThat(store.rotate(replacementFor(expired, T0.plusSeconds(1)), expired.id(), T0.plusSeconds(1), null,
                null)).isEqualTo(RotationResult.NOT_ACTIVE);
        assertThat(store.rotate(replacementFor(revoked, T0.plusSeconds(1)), revoked.id(), T0.plusSeconds(1), null,
                null)).isEqualTo(RotationResult.NOT_ACTIVE);
        assertThat(store.rotate(replacementFor(revoked, T0.plusSeconds(1)), "key_missing", T0.plusSeconds(1), null,
                null)).isEqualTo(RotationResult.NOT_FOUND);
    }

    @Test
    void rotateWhenEventCannotBeWrittenThenOldKeyUntouchedAndNoReplacement() {
        ApiKey old = key("org_a");
        store.insert(old);
        ApiKey replacement = replacementFor(old, T0.plusSeconds(1));

        assertThatThrownBy(() -> store.rotate(replacement, old.id(), T0.plusSeconds(1), null,
                unwritableEvent(AuditEvent.Action.KEY_ROTATE))).isInstanceOf(IllegalArgumentException.class);

        assertThat(store.findById(replacement.id())).isEmpty();
        assertThat(store.findById(old.id())).contains(old);
        assertThat(store.rotate(replacement, old.id(), T0.plusSeconds(1), null, null)).isEqualTo(RotationResult.ROTATED);
    }

    @Test
    void concurrentRotationsOfOneKeyWithGraceThenExactlyOneSuccessor() throws Exception {
        ApiKey old = key("org_a");
        store.insert(old);
        int threads = 16;
        AtomicInteger rotated = new AtomicInteger();
        AtomicInteger alreadyRotated = new AtomicInteger();
        CountDownLatch start = new CountDownLatch(1);
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            List<Future<?>> futures = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                futures.add(pool.submit(() -> {
                    ApiKey replacement = replacementFor(old, T0.plusSeconds(1));
                    start.await();
                    RotationResult r = store.rotate(replacement, old.id(), null, T0.plusSeconds(600),
                            event(AuditEvent.Action.KEY_ROTATE, old.id()));
                    (r == RotationResult.ROTATED ? rotated : alreadyRotated).incrementAndGet();
                    return null;
                }));
            }
            start.countDown();
            for (Future<?> f : futures) {
                f.get(120, TimeUnit.SECONDS);
            }
        } finally {
            pool.shutdownNow();
        }

        assertThat(rotated.get()).isEqualTo(1);
        assertThat(alreadyRotated.get()).isEqualTo(threads - 1);
        assertThat(store.search(new KeyQuery("org_a", null, 1, 100)).total()).isEqualTo(2);
        assertThat(allEvents()).hasSize(1);
    }

    // ---- a change and its event ----

    @Test
    void insertWhenEventCannotBeWrittenThenKeyNotStored() {
        ApiKey k = key("org_a");

        assertThatThrownBy(() -> store.insert(k, unwritableEvent(AuditEvent.Action.KEY_CREATE)))
                .isInstanceOf(IllegalArgumentException.class);

        assertThat(store.findById(k.id())).isEmpty();
        assertThat(store.findByHash(k.hash())).isEmpty();
    }

    @Test
    void revokeWhenEventCannotBeWrittenThenKeyStaysActive() {
        ApiKey k = key("org_a");
        store.insert(k);

        assertThatThrownBy(() -> store.revoke(k.id(), T0.plusSeconds(1), unwritableEvent(AuditEvent.Action.KEY_REVOKE)))
                .isInstanceOf(IllegalArgumentException.class);

        assertThat(store.findById(k.id()).orElseThrow().revokedAt()).isNull();
    }

    @Test
    void insertAccountWhenEventCannotBeWrittenThenAccountNotStored() {
        ServiceAccount account = account("org_a", "ci", T0);

        assertThatThrownBy(() -> store.serviceAccounts().insert(account,
                unwritableEvent(AuditEvent.Action.SERVICE_ACCOUNT_CREATE))).isInstanceOf(IllegalArgumentException.class);

        assertThat(store.serviceAccounts().findById(account.id())).isEmpty();
    }

    @Test
    void revokeWhenAlreadyRevokedThenEventStillAppended() {
        ApiKey k = key("org_a");
        store.insert(k);
        store.revoke(k.id(), T0);

        assertThat(store.revoke(k.id(), T0.plusSeconds(1), event(AuditEvent.Action.KEY_REVOKE, k.id()))).isFalse();

        assertThat(allEvents()).hasSize(1);
    }

    // ---- key filters ----

    @Test
    void searchKeysWhenStatusEnvironmentTeamAndOwnerFilteredThenOnlyMatchingKeys() {
        Instant now = T0.plusSeconds(100);
        GeneratedKey g = FORMAT.generate(Environment.TEST);
        ApiKey testKey = new ApiKey("key_ftest", g.hash(), g.prefix(), g.start4(), g.end4(), "t", "org_a", "team_x",
                Owner.serviceAccount("sa_x"), Environment.TEST, EnumSet.of(Permission.READ), null, null, null, T0,
                null, null, null, null);
        ApiKey active = key("org_a", Owner.user("bob"), T0.plusMillis(1));
        ApiKey expired = key("org_a", Owner.user("bob"), T0.plusMillis(2)).withExpiresAt(now);
        ApiKey revoked = key("org_a", Owner.user("carol"), T0.plusMillis(3));
        ApiKey future = key("org_a", Owner.user("carol"), T0.plusMillis(4)).withExpiresAt(now.plusMillis(1));
        for (ApiKey k : List.of(testKey, active, expired, revoked, future)) {
            store.insert(k);
        }
        store.revoke(revoked.id(), T0.plusSeconds(1));

        assertThat(ids(KeyQuery.builder().status(ApiKey.Status.ACTIVE, now).build()))
                .containsExactlyInAnyOrder(testKey.id(), active.id(), future.id());
        assertThat(ids(KeyQuery.builder().status(ApiKey.Status.EXPIRED, now).build())).containsExactly(expired.id());
        assertThat(ids(KeyQuery.builder().status(ApiKey.Status.REVOKED, now).build())).containsExactly(revoked.id());
        assertThat(ids(KeyQuery.builder().environment(Environment.TEST).build())).containsExactly(testKey.id());
        assertThat(ids(KeyQuery.builder().environment(Environment.LIVE).build())).hasSize(4);
        assertThat(ids(KeyQuery.builder().teamId("team_x").build())).containsExactly(testKey.id());
        assertThat(ids(KeyQuery.builder().ownerType(Owner.Type.SERVICE_ACCOUNT).build())).containsExactly(testKey.id());
        assertThat(ids(KeyQuery.builder().ownerType(Owner.Type.USER).ownerId("bob").build()))
                .containsExactlyInAnyOrder(active.id(), expired.id());
        assertThat(ids(KeyQuery.builder().ownerId("carol").status(ApiKey.Status.ACTIVE, now).build()))
                .containsExactly(future.id());
        assertThat(ids(KeyQuery.builder().organizationId("org_b").build())).isEmpty();
    }

    private List<String> ids(KeyQuery query) {
        return store.search(query).items().stream().map(ApiKey::id).toList();
    }

    @Test
    void insertKeyWhenNameHas128SupplementaryCharactersThenStoredWhole() {
        GeneratedKey g = FORMAT.generate(Environment.LIVE);
        String name = "😀".repeat(128);
        ApiKey k = new ApiKey("key_emoji", g.hash(), g.prefix(), g.start4(), g.end4(), name, "org_a", null,
                Owner.user("u"), Environment.LIVE, EnumSet.of(Permission.READ), null, null, null, T0,
                Instant.parse("9999-12-31T23:59:59.999Z"), null, null, null);

        store.insert(k);

        assertThat(store.findById("key_emoji")).contains(k);
    }

    // ---- teams ----

    @Test
    void saveTeamsThenFoundListedByOrganizationAndRenamedInPlace() {
        store.teams().save(new Team("team_ops", "Ops", "acme"));
        store.teams().save(new Team("team_research", "Research", "acme"));
        store.teams().save(new Team("team_b", "B", "globex"));

        store.teams().save(new Team("team_ops", "Operations", "acme"));

        assertThat(store.teams().findById("team_ops")).contains(new Team("team_ops", "Operations", "acme"));
        assertThat(store.teams().findById("team_none")).isEmpty();
        assertThat(store.teams().list("acme")).extracting(Team::id).containsExactly("team_ops", "team_research");
        assertThat(store.teams().list(null)).hasSize(3);
        assertThatThrownBy(() -> store.teams().save(new Team("team_ops", "Ops", "globex")))
                .isInstanceOf(IllegalArgumentException.class);
        assertThat(store.teams().findById("team_ops").orElseThrow().organizationId()).isEqualTo("acme");
    }

    // ---- audit log ----

    @Test
    void appendThenEventReadBackWithEveryField() {
        AuditEvent full = new AuditEvent("evt_full", T0.plusMillis(7), AuditEvent.Action.SERVICE_ACCOUNT_DISABLE,
                AuditEvent.Outcome.DENIED, new AuditEvent.Actor("key_a", "acme", Owner.serviceAccount("sa_ci")),
                new AuditEvent.Target(AuditEvent.TargetType.SERVICE_ACCOUNT, "sa_x"), "globex", "2001:db8::1");
        AuditEvent sparse = new AuditEvent("evt_sparse", T0, AuditEvent.Action.CONSOLE_SIGN_IN,
                AuditEvent.Outcome.DENIED, new AuditEvent.Actor(null, null, null),
                new AuditEvent.Target(AuditEvent.TargetType.KEY, null), null, null);

        store.auditLog().append(full);
        store.auditLog().append(sparse);

        assertThat(allEvents()).containsExactly(full, sparse);
    }

    @Test
    void appendWhenFieldTooLongThenIllegalArgumentAndNothingStored() {
        assertThatThrownBy(() -> store.auditLog().append(unwritableEvent(AuditEvent.Action.KEY_CREATE)))
                .isInstanceOf(IllegalArgumentException.class);

        assertThat(allEvents()).isEmpty();
    }

    @Test
    void searchEventsWhenFilteredThenEachFilterAppliedNewestFirstTiesById() {
        AuditEvent a = new AuditEvent("evt_b", T0.plusSeconds(1), AuditEvent.Action.KEY_CREATE,
                AuditEvent.Outcome.SUCCESS, new AuditEvent.Actor("key_1", "acme", Owner.user("u")),
                new AuditEvent.Target(AuditEvent.TargetType.KEY, "key_9"), "acme", null);
        AuditEvent b = new AuditEvent("evt_a", T0.plusSeconds(1), AuditEvent.Action.KEY_REVOKE,
                AuditEvent.Outcome.DENIED, new AuditEvent.Actor("key_2", "acme", Owner.user("u")),
                new AuditEvent.Target(AuditEvent.TargetType.KEY, "key_9"), "globex", null);
        AuditEvent c = new AuditEvent("evt_c", T0.plusSeconds(2), AuditEvent.Action.ORGANIZATION_PLAN,
                AuditEvent.Outcome.SUCCESS, new AuditEvent.Actor("key_1", "platform", Owner.user("u")),
                new AuditEvent.Target(AuditEvent.TargetType.ORGANIZATION, "acme"), "acme", null);
        for (AuditEvent e : List.of(a, b, c)) {
            store.auditLog().append(e);
        }

        assertThat(search(new AuditQuery(null, null, null, null, null, 1, 20))).containsExactly("evt_c", "evt_a", "evt_b");
        assertThat(search(new AuditQuery("acme", null, null, null, null, 1, 20))).containsExactly("evt_c", "evt_b");
        assertThat(search(new AuditQuery(null, AuditEvent.Action.KEY_REVOKE, null, null, null, 1, 20)))
                .containsExactly("evt_a");
        assertThat(search(new AuditQuery(null, null, "key_9", null, null, 1, 20))).containsExactly("evt_a", "evt_b");
        assertThat(search(new AuditQuery(null, null, null, "key_1", null, 1, 20))).containsExactly("evt_c", "evt_b");
        assertThat(search(new AuditQuery(null, null, null, null, AuditEvent.Outcome.DENIED, 1, 20)))
                .containsExactly("evt_a");
        assertThat(search(new AuditQuery("acme", AuditEvent.Action.KEY_CREATE, "key_9", "key_1",
                AuditEvent.Outcome.SUCCESS, 1, 20))).containsExactly("evt_b");
        Page<AuditEvent> second = store.auditLog().search(new AuditQuery(null, null, null, null, null, 2, 2));
        assertThat(second.items()).extracting(AuditEvent::id).containsExactly("evt_b");
        assertThat(second.total()).isEqualTo(3);
        assertThat(store.auditLog().search(new AuditQuery(null, null, null, null, null, 3, 2)).items()).isEmpty();
    }

    private List<String> search(AuditQuery query) {
        return store.auditLog().search(query).items().stream().map(AuditEvent::id).toList();
    }
}
