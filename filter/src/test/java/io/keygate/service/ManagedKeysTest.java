package io.keygate.service;

import io.keygate.keys.ApiKey;
import io.keygate.keys.Environment;
import io.keygate.keys.KeyFormat;
import io.keygate.keys.Owner;
import io.keygate.keys.Permission;
import io.keygate.service.ManagementFixture.Caller;
import io.keygate.store.AuditEvent;
import io.keygate.store.InMemoryApiKeyStore;
import io.keygate.store.KeyQuery;
import io.keygate.store.Page;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static io.keygate.service.ManagementFixture.T0;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Management key operations beyond the rules table: visibility and environment of get and list, the caller's own
 * state, rotation at most once, owner and team checks, and input hardening (issue 10), on the in-memory store.
 */
class ManagedKeysTest {

    private static final String KEY_LIKE = KeyFormat.compose("sk_live_", "0123456789ABCDEFGHIJKLMNOPQRSTUV");

    private final ManagementFixture f = new ManagementFixture(new InMemoryApiKeyStore());

    @AfterEach
    void close() {
        f.close();
    }

    // ---- the caller ----

    @Test
    void actorWhenCallerKeyRevokedOrExpiredOrUnknownThenForbiddenCaller() {
        ApiKey revoked = f.key(Caller.ORG_ADMIN);
        f.keys.revoke(revoked.id());

        for (String id : List.of(revoked.id(), "key_unknown", "")) {
            assertThatThrownBy(() -> f.keys.actor(id, "x"))
                    .isInstanceOfSatisfying(ForbiddenException.class,
                            e -> assertThat(e.rule()).isEqualTo(ManagementRule.CALLER));
        }
        f.clock.advance(Duration.ofHours(2));
        assertThatThrownBy(() -> f.actor(Caller.EXPIRING_ADMIN)).isInstanceOf(ForbiddenException.class);
    }

    @Test
    void actorWhenBuiltFromKeyIdThenCarriesEveryGrantOfTheStoredKey() {
        Actor a = f.actor(Caller.LIMITED_ADMIN);
        ApiKey k = f.key(Caller.LIMITED_ADMIN);

        assertThat(a.keyId()).isEqualTo(k.id());
        assertThat(a.rateLimit()).isEqualTo(k.rateLimit());
        assertThat(a.permissions()).containsExactlyInAnyOrder(Permission.READ, Permission.WRITE, Permission.ADMIN);
        assertThat(a.clientAddress()).isEqualTo(ManagementFixture.ADDRESS);
        assertThat(f.keys.isPlatformAdmin(a)).isFalse();
        assertThat(f.keys.isPlatformAdmin(f.actor(Caller.PLATFORM_ADMIN))).isTrue();
    }

    // ---- get and list ----

    @Test
    void getWhenKeyOfAnotherOrganizationThenEmptyUnlessPlatformAdmin() {
        ApiKey theirs = f.target("globex", b -> b);

        assertThat(f.keys.get(f.actor(Caller.ORG_ADMIN), theirs.id())).isEmpty();
        assertThat(f.keys.get(f.actor(Caller.PLATFORM_ADMIN), theirs.id())).contains(theirs);
        assertThat(f.keys.get(f.actor(Caller.ORG_ADMIN), "key_unknown")).isEmpty();
    }

    @Test
    void getWhenTestCallerAsksForLiveKeyThenForbiddenEnvironment() {
        ApiKey live = f.target("acme", b -> b);
        ApiKey test = f.target("acme", b -> b.environment(Environment.TEST));

        assertThat(f.keys.get(f.actor(Caller.TEST_ADMIN), test.id())).contains(test);
        assertThatThrownBy(() -> f.keys.get(f.actor(Caller.TEST_ADMIN), live.id()))
                .isInstanceOfSatisfying(ForbiddenException.class, e -> assertThat(e.field()).isEqualTo("environment"));
    }

    @Test
    void searchWhenNoOrganizationGivenThenOwnOrganizationOrAllForPlatformAdmins() {
        f.target("globex", b -> b);

        Page<ApiKey> own = f.keys.search(f.actor(Caller.ORG_ADMIN), new KeyQuery(null, null, 1, 100));
        Page<ApiKey> all = f.keys.search(f.actor(Caller.PLATFORM_ADMIN), new KeyQuery(null, null, 1, 100));

        assertThat(own.items()).extracting(ApiKey::organizationId).containsOnly("acme");
        assertThat(all.items()).extracting(ApiKey::organizationId).contains("acme", "globex", "platform");
        assertThatThrownBy(() -> f.keys.search(f.actor(Caller.ORG_ADMIN), new KeyQuery("globex", null, 1, 10)))
                .isInstanceOfSatisfying(ForbiddenException.class,
                        e -> assertThat(e.field()).isEqualTo("organization_id"));
    }

    @Test
    void searchWhenTestCallerThenOnlyTestKeysAndAskingForLiveIsForbidden() {
        ApiKey test = f.target("acme", b -> b.environment(Environment.TEST));
        Actor tester = f.actor(Caller.TEST_ADMIN);

        List<ApiKey> listed = f.keys.search(tester, new KeyQuery(null, null, 1, 100)).items();

        assertThat(listed).contains(test).extracting(ApiKey::environment).containsOnly(Environment.TEST);
        assertThatThrownBy(() -> f.keys.search(tester, KeyQuery.builder().environment(Environment.LIVE).build()))
                .isInstanceOfSatisfying(ForbiddenException.class, e -> assertThat(e.field()).isEqualTo("environment"));
    }

    @Test
    void searchWhenStatusFilteredThenEvaluatedAtTheServiceClock() {
        ApiKey soon = f.target("acme", b -> b.expiresAt(T0.plusSeconds(30)));
        Actor admin = f.actor(Caller.ORG_ADMIN);
        KeyQuery expired = KeyQuery.builder().status(ApiKey.Status.EXPIRED, Instant.EPOCH).build();

        assertThat(f.keys.search(admin, expired).items()).isEmpty();
        f.clock.advance(Duration.ofSeconds(30));
        assertThat(f.keys.search(admin, expired).items()).containsExactly(soon);
    }

    // ---- rotation ----

    @Test
    void rotateWhenAlreadyRotatedWithGraceThenAlreadyRotatedAndNoSecondSuccessor() {
        ApiKey target = f.target("acme", b -> b);
        Actor admin = f.actor(Caller.ORG_ADMIN);
        f.keys.rotate(admin, target.id(), 3600).orElseThrow();

        assertThatThrownBy(() -> f.keys.rotate(admin, target.id(), 3600))
                .isInstanceOf(AlreadyRotatedException.class).hasMessage("Key was already rotated.");
        assertThatThrownBy(() -> f.keys.rotate(target.id(), 0)).isInstanceOf(AlreadyRotatedException.class);

        assertThat(f.keys.search(KeyQuery.builder().nameContains("target").build()).total()).isEqualTo(2);
        assertThat(f.store.findById(target.id()).orElseThrow().expiresAt()).isEqualTo(T0.plusSeconds(3600));
    }

    @Test
    void rotateWhenRotatedWithoutGraceThenSecondRotationSaysAlreadyRotated() {
        ApiKey target = f.target("acme", b -> b);
        Actor admin = f.actor(Caller.ORG_ADMIN);
        f.keys.rotate(admin, target.id(), 0).orElseThrow();

        assertThatThrownBy(() -> f.keys.rotate(admin, target.id(), 0)).isInstanceOf(AlreadyRotatedException.class);
    }

    @Test
    void rotateWhenManyThreadsRotateOneKeyThenOneSuccessorAndTheOthersAlreadyRotated() throws Exception {
        ApiKey target = f.target("acme", b -> b);
        Actor admin = f.actor(Caller.ORG_ADMIN);
        int threads = 16;
        AtomicInteger won = new AtomicInteger();
        AtomicInteger conflicts = new AtomicInteger();
        CountDownLatch start = new CountDownLatch(1);
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            List<Future<?>> futures = new ArrayList<>();
            for (int i = 0; i < threads; i++) {
                futures.add(pool.submit(() -> {
                    start.await();
                    try {
                        f.keys.rotate(admin, target.id(), 60).orElseThrow();
                        won.incrementAndGet();
                    } catch (AlreadyRotatedException e) {
                        conflicts.incrementAndGet();
                    }
                    return null;
                }));
            }
            start.countDown();
            for (Future<?> fut : futures) {
                fut.get(60, TimeUnit.SECONDS);
            }
        } finally {
            pool.shutdownNow();
        }

        assertThat(won.get()).isEqualTo(1);
        assertThat(conflicts.get()).isEqualTo(threads - 1);
        assertThat(f.events()).filteredOn(e -> e.action() == AuditEvent.Action.KEY_ROTATE).hasSize(1);
    }

    @Test
    void rotateWhenKeyRevokedThenKeyNotActiveNotAlreadyRotated() {
        ApiKey target = f.target("acme", b -> b);
        f.keys.revoke(target.id());

        assertThatThrownBy(() -> f.keys.rotate(f.actor(Caller.ORG_ADMIN), target.id(), 0))
                .isInstanceOf(KeyNotActiveException.class).isNotInstanceOf(AlreadyRotatedException.class)
                .hasMessageContaining("revoked");
    }

    @Test
    void revokeWhenRepeatedThenEachCallAuditedAndListenersToldEachTime() {
        ApiKey target = f.target("acme", b -> b);
        List<String> heard = new CopyOnWriteArrayList<>();
        f.keys.addListener(heard::add);
        Actor admin = f.actor(Caller.ORG_ADMIN);

        f.keys.revoke(admin, target.id());
        f.clock.advance(Duration.ofMinutes(1));
        ApiKey again = f.keys.revoke(admin, target.id()).orElseThrow();

        assertThat(again.revokedAt()).isEqualTo(T0);
        assertThat(heard).containsExactly(target.hash(), target.hash());
        assertThat(f.events()).hasSize(2).allSatisfy(e -> assertThat(e.outcome()).isEqualTo(AuditEvent.Outcome.SUCCESS));
        assertThat(f.eventsCounted(AuditEvent.Outcome.SUCCESS)).isEqualTo(2);
    }

    // ---- owner and team ----

    @Test
    void createWhenOwnerIsActiveServiceAccountOfTheOrganizationThenAllowed() {
        ApiKey k = f.keys.create(f.actor(Caller.ORG_ADMIN),
                NewKey.builder(null, Owner.serviceAccount("sa_acme_ci")).build()).key();

        assertThat(k.owner()).isEqualTo(Owner.serviceAccount("sa_acme_ci"));
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"sa_globex", "sa_unknown", "sa_disabled"})
    void createWhenOwnerServiceAccountMissingDisabledOrOfAnotherOrganizationThenOwnerIdRefusedAndNoEvent(String owner) {
        f.keygate.serviceAccounts().ensure("sa_disabled", "Old", "acme");
        f.keygate.serviceAccounts().disable("sa_disabled");

        assertThatThrownBy(() -> f.keys.create(f.actor(Caller.ORG_ADMIN),
                NewKey.builder(null, Owner.serviceAccount(owner)).build()))
                .isInstanceOfSatisfying(ValidationException.class, e -> assertThat(e.field()).isEqualTo("owner.id"));
        assertThat(f.events()).isEmpty();
    }

    @Test
    void createWhenPlatformAdminLeavesOwnerOutForAnotherOrganizationThenItsOwnServiceAccountIsRefused() {
        f.keygate.serviceAccounts().ensure("sa_platform", "Platform bot", "platform");
        ApiKey bot = f.keys.create(NewKey.builder("platform", Owner.serviceAccount("sa_platform"))
                .permissions(Permission.ADMIN).build()).key();
        Actor platformBot = f.keys.actor(bot.id(), "x");

        assertThatThrownBy(() -> f.keys.create(platformBot, NewKey.builder("acme", null).build()))
                .isInstanceOfSatisfying(ValidationException.class, e -> assertThat(e.field()).isEqualTo("owner.id"));
        assertThat(f.keys.create(platformBot, NewKey.builder("acme", Owner.user("alice")).build()).key().owner())
                .isEqualTo(Owner.user("alice"));
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"team_unknown", "team_of_globex"})
    void createWhenTeamNotOfTheOrganizationThenTeamIdRefused(String team) {
        f.store.teams().save(new io.keygate.store.Team("team_of_globex", "G", "globex"));

        assertThatThrownBy(() -> f.keys.create(f.actor(Caller.ORG_ADMIN), NewKey.builder(null, null).teamId(team)
                .build())).isInstanceOfSatisfying(ValidationException.class,
                e -> assertThat(e.field()).isEqualTo("team_id"));
    }

    // ---- hardening ----

    @Test
    void createWhenNameHasNulOrUnpairedSurrogateThenValidationNamesTheFieldBeforeTheStore() {
        for (String bad : List.of("a\u0000b", "\uD83D", "x\uDE00y", "\uDE00\uD83D", "end\uD83D")) {
            assertThatThrownBy(() -> f.keys.create(f.actor(Caller.ORG_ADMIN), NewKey.builder(null, null).name(bad)
                    .build())).as(bad).isInstanceOfSatisfying(ValidationException.class,
                    e -> assertThat(e.field()).isEqualTo("name"));
            assertThatThrownBy(() -> f.keys.create(NewKey.builder("acme", Owner.user("u")).name(bad).build()))
                    .isInstanceOf(ValidationException.class);
        }
        assertThat(f.events()).isEmpty();
    }

    @Test
    void createWhenNameIs128CodePointsThenAcceptedAnd129Refused() {
        String emoji = "\uD83D\uDE00";

        ApiKey k = f.keys.create(f.actor(Caller.ORG_ADMIN), NewKey.builder(null, null).name(emoji.repeat(128)).build())
                .key();

        assertThat(k.name()).isEqualTo(emoji.repeat(128));
        assertThatThrownBy(() -> f.keys.create(f.actor(Caller.ORG_ADMIN), NewKey.builder(null, null)
                .name(emoji.repeat(129)).build()))
                .isInstanceOfSatisfying(ValidationException.class, e -> {
                    assertThat(e.field()).isEqualTo("name");
                    assertThat(e.getMessage()).contains("was 129");
                });
    }

    @Test
    void createWhenExpiresAtBeyondYear9999ThenValidationAndTheLastInstantAccepted() {
        Instant tooFar = Instant.parse("+292278994-08-17T07:12:55.808Z");

        assertThatThrownBy(() -> f.keys.create(f.actor(Caller.ORG_ADMIN), NewKey.builder(null, null).expiresAt(tooFar)
                .build())).isInstanceOfSatisfying(ValidationException.class,
                e -> assertThat(e.field()).isEqualTo("expires_at"));
        assertThatThrownBy(() -> f.keys.create(f.actor(Caller.ORG_ADMIN), NewKey.builder(null, null)
                .expiresAt(ApiKeyService.MAX_EXPIRES_AT.plusMillis(1)).build()))
                .isInstanceOf(ValidationException.class);
        assertThat(f.keys.create(f.actor(Caller.ORG_ADMIN), NewKey.builder(null, null)
                .expiresAt(ApiKeyService.MAX_EXPIRES_AT).build()).key().expiresAt())
                .isEqualTo(ApiKeyService.MAX_EXPIRES_AT);
    }

    @Test
    void searchWhenQueryHasNulOrSurrogateOrIsTooLongThenValidationNamesQ() {
        for (String q : List.of("a\u0000", "\uD83D", "q".repeat(129))) {
            assertThatThrownBy(() -> f.keys.search(f.actor(Caller.ORG_ADMIN), new KeyQuery(null, q, 1, 10)))
                    .isInstanceOfSatisfying(ValidationException.class, e -> assertThat(e.field()).isEqualTo("q"));
        }
        assertThatThrownBy(() -> f.keys.search(f.actor(Caller.ORG_ADMIN), KeyQuery.builder().teamId("t\u0000")
                .build())).isInstanceOfSatisfying(ValidationException.class,
                e -> assertThat(e.field()).isEqualTo("team_id"));
    }

    @Test
    void errorsWhenInputLooksLikeAKeyThenDetailsNeverRepeatIt() {
        Actor admin = f.actor(Caller.PLATFORM_ADMIN);
        List<Runnable> attempts = List.of(
                () -> f.keys.create(admin, NewKey.builder("acme", Owner.user("u")).plan(KEY_LIKE).build()),
                () -> f.keys.create(admin, NewKey.builder("acme", Owner.user("u")).teamId(KEY_LIKE).build()),
                () -> f.keys.create(admin, NewKey.builder("acme", Owner.serviceAccount(KEY_LIKE)).build()),
                () -> f.keys.create(f.actor(Caller.ORG_ADMIN), NewKey.builder(KEY_LIKE, Owner.user("u")).build()));
        for (Runnable attempt : attempts) {
            assertThatThrownBy(attempt::run).isInstanceOf(RuntimeException.class)
                    .satisfies(e -> assertThat(e.getMessage()).doesNotContain(KEY_LIKE)
                            .doesNotContain(KEY_LIKE.substring(8, 40)));
        }
        assertThat(f.events()).allSatisfy(e -> assertThat(e.toString()).doesNotContain(KEY_LIKE.substring(8, 40)));
    }

    @Test
    void createWhenCallerLeavesEverythingOutThenKeyIsLiveReadWriteOfItsOrganizationAndOwner() {
        ApiKey k = f.keys.create(f.actor(Caller.ORG_ADMIN), NewKey.builder(null, null).build()).key();

        assertThat(k.organizationId()).isEqualTo("acme");
        assertThat(k.owner()).isEqualTo(f.key(Caller.ORG_ADMIN).owner());
        assertThat(k.environment()).isEqualTo(Environment.LIVE);
        assertThat(k.permissions()).containsExactlyInAnyOrder(Permission.READ, Permission.WRITE);
    }
}
