package io.keygate.sample.console;

import io.keygate.sample.config.ConsoleSettings;
import io.keygate.testing.MutableClock;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

class SessionStoreTest {

    private final MutableClock clock = MutableClock.at(Instant.parse("2026-11-30T06:00:00Z"));
    private final SessionStore store = new SessionStore(ConsoleSettings.DEFAULTS, clock);

    private ConsoleSession active(String id) {
        SessionStore.Lookup found = store.find(id);
        assertThat(found).isInstanceOf(SessionStore.Lookup.Active.class);
        return ((SessionStore.Lookup.Active) found).session();
    }

    @Test
    void createThenRandomUrlSafeIdAndCsrfTokenOf256BitsBoundToTheKeyId() {
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < 200; i++) {
            ConsoleSession s = store.create("key_a");
            assertThat(s.id()).matches("[A-Za-z0-9_-]{43}");
            assertThat(s.csrfToken()).matches("[A-Za-z0-9_-]{43}").isNotEqualTo(s.id());
            assertThat(seen.add(s.id())).isTrue();
            assertThat(seen.add(s.csrfToken())).isTrue();
            assertThat(s.keyId()).isEqualTo("key_a");
            assertThat(s.createdAt()).isEqualTo(clock.instant());
        }
    }

    @Test
    void findWhenUsedWithinTheIdleTimeoutThenActiveAndItsIdleTimeRestarts() {
        ConsoleSession s = store.create("key_a");
        clock.advance(Duration.ofMinutes(29));
        assertThat(active(s.id()).lastSeenAt()).isEqualTo(clock.instant());
        clock.advance(Duration.ofMinutes(29));
        assertThat(active(s.id()).keyId()).isEqualTo("key_a");
    }

    @Test
    void findWhenIdleForThirtyMinutesThenExpiredOnceThenNone() {
        ConsoleSession s = store.create("key_a");
        clock.advance(Duration.ofMinutes(30));
        assertThat(store.find(s.id())).isInstanceOf(SessionStore.Lookup.Expired.class);
        assertThat(store.find(s.id())).isInstanceOf(SessionStore.Lookup.None.class);
    }

    @Test
    void findWhenEightHoursOldThenExpiredHoweverBusy() {
        ConsoleSession s = store.create("key_a");
        for (int i = 0; i < 23; i++) {
            clock.advance(Duration.ofMinutes(20));
            active(s.id());
        }
        clock.set(s.createdAt().plus(Duration.ofHours(8)).minusMillis(1));
        assertThat(active(s.id()).absoluteEnd(ConsoleSettings.DEFAULTS))
                .isEqualTo(Instant.parse("2026-11-30T14:00:00Z"));
        clock.set(s.createdAt().plus(Duration.ofHours(8)));
        assertThat(store.find(s.id())).isInstanceOf(SessionStore.Lookup.Expired.class);
    }

    @Test
    void findWhenEndedLongAgoThenForgottenAndReportedAsNoSession() {
        ConsoleSession s = store.create("key_a");
        clock.advance(Duration.ofMinutes(30).plus(SessionStore.ENDED_NOTICE));
        assertThat(store.find(s.id())).isInstanceOf(SessionStore.Lookup.None.class);
        assertThat(store.size()).isZero();
    }

    @Test
    void createThenTimesInMillisecondsLikeEveryInstantKeygateShows() {
        clock.set(Instant.parse("2026-11-30T06:00:00.123456789Z"));
        ConsoleSession s = store.create("key_a");
        assertThat(s.createdAt()).isEqualTo(Instant.parse("2026-11-30T06:00:00.123Z"));
        assertThat(s.absoluteEnd(ConsoleSettings.DEFAULTS)).isEqualTo(Instant.parse("2026-11-30T14:00:00.123Z"));
    }

    @Test
    void endThenNoSession() {
        ConsoleSession s = store.create("key_a");
        ConsoleSession other = store.create("key_a");
        store.end(s.id());
        store.end(null);
        assertThat(store.find(s.id())).isInstanceOf(SessionStore.Lookup.None.class);
        active(other.id());
    }

    @Test
    void findWhenIdIsMissingOrNotShapedLikeOneThenNoSession() {
        store.create("key_a");
        for (String id : new String[]{null, "", "short", "A".repeat(44), "A".repeat(42) + "="}) {
            assertThat(store.find(id)).isInstanceOf(SessionStore.Lookup.None.class);
        }
    }

    @Test
    void createWhenTheBoundIsReachedThenTheLeastRecentlyUsedAreForgotten() {
        SessionStore small = new SessionStore(new ConsoleSettings(Duration.ofMinutes(30), Duration.ofHours(8), 3), clock);
        for (int i = 0; i < 50; i++) {
            small.create("key_" + i);
        }
        assertThat(small.size()).isLessThanOrEqualTo(3);
    }

    @Test
    void csrfMatchesOnlyTheSessionsOwnToken() {
        ConsoleSession s = store.create("key_a");
        ConsoleSession other = store.create("key_a");
        assertThat(SessionStore.csrfMatches(s, s.csrfToken())).isTrue();
        assertThat(SessionStore.csrfMatches(s, null)).isFalse();
        assertThat(SessionStore.csrfMatches(s, "")).isFalse();
        assertThat(SessionStore.csrfMatches(s, other.csrfToken())).isFalse();
        assertThat(SessionStore.csrfMatches(s, s.csrfToken() + "x")).isFalse();
    }

    @Test
    void toStringShowsNeitherTheSessionIdNorTheCsrfToken() {
        ConsoleSession s = store.create("key_a");
        assertThat(s.toString()).contains("key_a").doesNotContain(s.id()).doesNotContain(s.csrfToken());
    }
}
