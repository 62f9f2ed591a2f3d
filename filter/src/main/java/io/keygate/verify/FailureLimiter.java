package io.keygate.verify;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Ticker;
import io.keygate.limit.Limit;
import io.keygate.limit.Windows;

import java.time.Clock;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Counts failed authentications per client address in fixed, epoch-aligned windows and blocks an address once
 * it reached the limit in the current window. Bounded: at most {@code maxClients} addresses are tracked (least
 * recently used dropped first) and an entry lives no longer than one window.
 */
final class FailureLimiter {

    private final Clock clock;
    private final Limit limit;
    private final Cache<String, Window> windows;

    FailureLimiter(Limit limit, long maxClients, Clock clock) {
        this.limit = Objects.requireNonNull(limit, "limit cannot be null");
        this.clock = Objects.requireNonNull(clock, "clock cannot be null");
        Ticker ticker = () -> clock.millis() * 1_000_000L;
        // maintenance on the calling thread, not ForkJoinPool.commonPool (see KeyResolver)
        this.windows = Caffeine.newBuilder()
                .executor(Runnable::run)
                .maximumSize(maxClients)
                .expireAfterWrite(Duration.ofSeconds(limit.windowSeconds()))
                .ticker(ticker)
                .build();
    }

    /** Seconds until the address may try again (≥ 1), or 0 when it is not blocked. */
    long retryAfterSeconds(String clientAddress) {
        Window w = windows.getIfPresent(clientAddress);
        if (w == null) {
            return 0;
        }
        long nowMillis = clock.millis();
        long start = Windows.start(Math.floorDiv(nowMillis, 1000), limit.windowSeconds());
        if (w.start != start || w.failures.get() < limit.limit()) {
            return 0;
        }
        return Windows.ceilSeconds((start + limit.windowSeconds()) * 1000 - nowMillis);
    }

    /** Counts one failed authentication from the address. */
    void recordFailure(String clientAddress) {
        long start = Windows.start(Math.floorDiv(clock.millis(), 1000), limit.windowSeconds());
        Window existing = windows.getIfPresent(clientAddress);
        if (existing != null && existing.start == start) {
            // the common case of a flood: one lock-free increment (an entry dropped for size at this very moment
            // loses this count, which the bounded, best-effort nature of this limit accepts)
            existing.failures.incrementAndGet();
            return;
        }
        // compute keeps the replace-on-new-window and the increment atomic for one address
        windows.asMap().compute(clientAddress, (k, w) -> {
            Window current = w == null || w.start != start ? new Window(start) : w;
            current.failures.incrementAndGet();
            return current;
        });
    }

    long trackedClients() {
        windows.cleanUp();
        return windows.estimatedSize();
    }

    private static final class Window {
        final long start;
        final AtomicLong failures = new AtomicLong();

        Window(long start) {
            this.start = start;
        }
    }
}
