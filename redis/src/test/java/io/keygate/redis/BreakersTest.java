package io.keygate.redis;

import org.junit.jupiter.api.Test;

import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;

import static org.assertj.core.api.Assertions.assertThat;

class BreakersTest {

    private final AtomicLong now = new AtomicLong();
    private final Breakers breakers = new Breakers(1_000, now::get);

    @Test
    void ofWhenSameShardThenSameBreakerAndOtherShardsStayClosed() {
        CircuitBreaker a = breakers.of("a", () -> Set.of("a", "b"));
        a.onFailure();

        assertThat(breakers.of("a", () -> Set.of("a", "b"))).isSameAs(a);
        assertThat(breakers.of("b", () -> Set.of("a", "b")).allowRequest()).as("another shard is not affected")
                .isTrue();
        assertThat(a.allowRequest()).isFalse();
    }

    @Test
    void anyOpenWhenTheOpenBreakerBelongsToAMasterThatLeftThenNotDegraded() {
        breakers.of("failed-over", () -> Set.of("failed-over", "b")).onFailure();

        assertThat(breakers.anyOpen(Set.of("failed-over", "b"))).isTrue();
        assertThat(breakers.anyOpen(Set.of("promoted", "b"))).as("its slots moved to the promoted replica").isFalse();
    }

    @Test
    void anyOpenWhenNeverConnectedThenDegradedWhateverTheTopology() {
        breakers.notConnected().onFailure();

        assertThat(breakers.anyOpen(Set.of("a"))).isTrue();
    }

    @Test
    void ofWhenManyMastersCameAndWentThenTheMapStaysBoundedByTheCurrentTopology() {
        for (int i = 0; i < 1_000; i++) {
            String id = "master-" + i;
            breakers.of(id, () -> Set.of(id, "stable")).onFailure();
        }

        assertThat(breakers.size()).isLessThanOrEqualTo(2 * 2 + Breakers.SLACK + 1);
        assertThat(breakers.anyOpen(Set.of("stable"))).isFalse();
    }
}
