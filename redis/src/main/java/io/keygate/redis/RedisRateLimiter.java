package io.keygate.redis;

import io.keygate.limit.InProcessRateLimiter;
import io.keygate.limit.Limit;
import io.keygate.limit.RateLimitDecision;
import io.keygate.limit.RateLimiter;

import java.lang.System.Logger.Level;
import java.time.Clock;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;

/**
 * Fixed, epoch-aligned windows counted in Redis and shared by every node: the contract's rate limits for a
 * cluster. Obtain it from {@link RedisKeygate#rateLimiter()}.
 *
 * <p>Exactness: all windows of a request are checked and counted by one Lua script ({@code rate-limit.lua}) in
 * one round trip ({@code EVALSHA}, no read before it). Redis runs a script alone, so no other request's increment
 * can fall between this request's check and its increments, whichever node sends it: no window ever admits more
 * than its limit, and a rejected request changes no counter.
 *
 * <p>Keys: {@code <prefix>{<bucket>}:<W>:<windowStart>} (e.g. {@code keygate:rl:{key_Ab3..}:60:1700000040}).
 * The braces are a Redis Cluster hash tag: all windows of a bucket live in one slot, as a multi-key script
 * requires. A new window is a new key, and every key expires {@link #EXPIRY_GRACE_MILLIS} after its window ends
 * (relative {@code PEXPIRE}, so Redis's own clock does not matter).
 *
 * <p>Hot-key mode (plans named in {@code hot-key-plans}): see {@link HotKeyReservations}. A node reserves a batch
 * of a window's requests per round trip with the same script and admits from it locally.
 *
 * <p>Time: windows come from the injected {@link Clock} of each node, not from Redis {@code TIME}, so headers,
 * the in-process fallback and the filter agree on one clock. Nodes must therefore keep their clocks in sync
 * (NTP): with a skew of {@code s} seconds, a node starts and ends its windows up to {@code s} early or late, i.e.
 * near a boundary it may count into the neighbouring window. Each window key still never exceeds its limit.
 *
 * <p>Outage: Redis down, unreachable or slower than the command timeout is decided by the {@link OutagePolicy};
 * a circuit breaker per shard then keeps requests away from that shard for the retry interval (one probe per
 * interval), and Lettuce reconnects by itself, so recovery needs no action. No Redis failure escapes
 * {@link #tryAcquire}, and no call waits longer than the command timeout for Redis.
 */
public final class RedisRateLimiter implements RateLimiter {

    /** Keys outlive their window by this much, so that a node whose clock lags by up to this still finds them. */
    public static final long EXPIRY_GRACE_MILLIS = 1_000;

    private static final System.Logger LOG = System.getLogger(RedisRateLimiter.class.getName());

    private final Supplier<RedisLink> link;
    private final RedisSettings settings;
    private final Clock clock;
    private final RedisMetrics metrics;
    private final Breakers breakers;
    private final InProcessRateLimiter fallback;
    private final HotKeyReservations hotKeys;
    private final Runnable onClose;
    private final long timeoutNanos;

    RedisRateLimiter(Supplier<RedisLink> link, RedisSettings settings, Clock clock, RedisMetrics metrics,
                     Breakers breakers, java.util.concurrent.ScheduledExecutorService executor, Runnable onClose) {
        this.link = Objects.requireNonNull(link, "link cannot be null");
        this.settings = Objects.requireNonNull(settings, "settings cannot be null");
        this.clock = Objects.requireNonNull(clock, "clock cannot be null");
        this.metrics = Objects.requireNonNull(metrics, "metrics cannot be null");
        this.breakers = Objects.requireNonNull(breakers, "breakers cannot be null");
        this.onClose = Objects.requireNonNull(onClose, "onClose cannot be null");
        this.timeoutNanos = settings.commandTimeout().toNanos();
        this.fallback = settings.outagePolicy() == OutagePolicy.LOCAL
                ? new InProcessRateLimiter(clock, settings.fallbackMaxBuckets()) : null;
        this.hotKeys = settings.hotKeyPlans().isEmpty() ? null
                : new HotKeyReservations(this, settings, metrics, Objects.requireNonNull(executor));
    }

    /** The same as {@link #tryAcquire(String, String, List)} without a plan name (the hot-key mode applies only if
     * it is on for every plan). */
    @Override
    public RateLimitDecision tryAcquire(String bucket, List<Limit> limits) {
        return tryAcquire(bucket, null, limits);
    }

    /**
     * Decides in Redis (in hot-key mode: from this node's reservation when it has one), or by the outage policy when
     * Redis cannot answer within the command timeout. No Redis failure escapes as an exception.
     *
     * @throws NullPointerException if {@code bucket} or {@code limits} is null (a caller's bug, not an outage)
     */
    @Override
    public RateLimitDecision tryAcquire(String bucket, String planName, List<Limit> limits) {
        Objects.requireNonNull(bucket, "bucket cannot be null");
        Objects.requireNonNull(limits, "limits cannot be null");
        if (limits.isEmpty()) {
            return RateLimitDecision.admitted(null);
        }
        long nowMillis = clock.millis();
        Windows windows = Windows.of(settings.keyPrefix(), bucket, limits, nowMillis);
        if (hotKeys != null && settings.hotKey(planName)) {
            return hotKeys.tryAcquire(bucket, windows, nowMillis);
        }
        List<Long> result = reserve(windows, 1, System.nanoTime() + timeoutNanos);
        if (result == null) {
            return outage(bucket, limits);
        }
        return windows.decide(result.get(0) >= 1, Windows.counts(result), nowMillis);
    }

    /**
     * Runs the script for up to {@code wanted} requests of every window, waiting until {@code deadlineNanos} at
     * most. A grant that arrives after the caller stopped waiting is given back at once.
     *
     * @return {@code [granted, count per key...]}, or null when Redis did not decide (not connected, breaker open,
     *         error, timeout; counted and logged here)
     */
    List<Long> reserve(Windows windows, long wanted, long deadlineNanos) {
        RedisLink c = link.get();
        if (c == null) {
            failed(breakers.notConnected(), "not connected yet");
            return null;
        }
        CircuitBreaker breaker = breakers.of(c.shardOf(windows.keys()[0]), c::shards);
        if (!breaker.allowRequest()) {
            return null;
        }
        long started = System.nanoTime();
        CompletableFuture<List<Long>> call;
        try {
            call = LuaScript.RESERVE.multi(c.scripts(), windows.keys(), windows.args(wanted));
        } catch (RuntimeException e) {
            recordFailure(started, breaker, e);
            return null;
        }
        try {
            List<Long> result = call.get(Math.max(0, deadlineNanos - started), TimeUnit.NANOSECONDS);
            metrics.duration.record(System.nanoTime() - started, TimeUnit.NANOSECONDS);
            succeeded(breaker);
            return result;
        } catch (TimeoutException e) {
            // the script may still run: whatever it grants then is not used, so give it back
            call.thenAccept(late -> giveBack(windows.keys(), late.get(0)));
            recordFailure(started, breaker, new IllegalStateException("no answer within "
                    + settings.commandTimeout().toMillis() + " ms"));
        } catch (ExecutionException e) {
            recordFailure(started, breaker, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            call.thenAccept(late -> giveBack(windows.keys(), late.get(0)));
            metrics.duration.record(System.nanoTime() - started, TimeUnit.NANOSECONDS);
        }
        return null;
    }

    /** Gives {@code count} reserved, unused requests back to {@code keys}, in the background (hot-key mode). */
    CompletableFuture<?> giveBack(String[] keys, long count) {
        RedisLink c = link.get();
        if (count <= 0 || c == null) {
            return CompletableFuture.completedFuture(null);
        }
        try {
            metrics.giveBacks.increment();
            return LuaScript.GIVE_BACK.run(c.scripts(), keys, new String[]{Long.toString(count)})
                    .whenComplete((ok, error) -> {
                        if (error == null) {
                            metrics.givenBack.increment(count);
                        }
                        // on failure the requests stay counted until their windows end: never more than N
                    });
        } catch (RuntimeException e) {
            return CompletableFuture.completedFuture(null);
        }
    }

    private void recordFailure(long started, CircuitBreaker breaker, Throwable e) {
        metrics.duration.record(System.nanoTime() - started, TimeUnit.NANOSECONDS);
        failed(breaker, RetryingConnection.rootMessage(e));
    }

    private void succeeded(CircuitBreaker breaker) {
        long outageNanos = breaker.onSuccess();
        breakers.notConnected().onSuccess();
        if (outageNanos >= 0) {
            LOG.log(Level.INFO, "keygate: Redis rate limiting is back after " + outageNanos / 1_000_000 + " ms");
        }
    }

    private void failed(CircuitBreaker breaker, String reason) {
        metrics.errors.increment();
        if (breaker.onFailure()) {
            LOG.log(Level.WARNING, "keygate: Redis rate limiting unavailable (" + reason + "); outage policy '"
                    + settings.outagePolicy().wireName() + "' applies, Redis is retried every "
                    + settings.retryInterval().toMillis() + " ms");
        }
    }

    RateLimitDecision outage(String bucket, List<Limit> limits) {
        metrics.fallbacks.increment();
        return switch (settings.outagePolicy()) {
            case LOCAL -> fallback.tryAcquire(bucket, limits);
            case OPEN -> RateLimitDecision.admitted(null);
            case CLOSED -> new RateLimitDecision.Unavailable(settings.unavailableRetryAfter().getSeconds());
        };
    }

    /** The effective settings (for the INFO line and tests). */
    public RedisSettings settings() {
        return settings;
    }

    /**
     * True while some requests are decided by the outage policy: no connection has been made yet, or a circuit
     * breaker (of any shard) is open after a failure. Usable for readiness checks.
     */
    public boolean degraded() {
        RedisLink c = link.get();
        return c == null || breakers.anyOpen(c.shards());
    }

    /**
     * Requests of the hot-key mode reserved by this node and not used yet, over all buckets (0 when the mode is off).
     * They count as used in Redis until they are given back.
     */
    public long reservedUnused() {
        return hotKeys == null ? 0 : hotKeys.unused();
    }

    /**
     * Gives every unused reservation of the hot-key mode back to Redis and waits (at most the command timeout) until
     * Redis has them. {@link #close()} does this too.
     */
    public void giveBackReservations() {
        if (hotKeys != null) {
            hotKeys.giveBackAll(settings.commandTimeout());
        }
    }

    /**
     * Gives unused reservations back, then releases the Redis backends this limiter belongs to: its
     * {@link RedisKeygate} (client, connections, threads, and the revocation broadcast). {@code Keygate.close()}
     * calls this on undeploy.
     */
    @Override
    public void close() {
        onClose.run();
    }

    /** Called by {@link RedisKeygate#close()} while the connection is still open. */
    void shutdown() {
        if (hotKeys != null) {
            hotKeys.close(settings.commandTimeout());
        }
        if (fallback != null) {
            fallback.close();
        }
    }
}
