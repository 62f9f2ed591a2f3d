package io.keygate.redis;

import io.keygate.limit.InProcessRateLimiter;
import io.keygate.limit.Limit;
import io.keygate.limit.RateLimitDecision;
import io.keygate.limit.RateLimiter;
import io.lettuce.core.api.StatefulRedisConnection;

import java.lang.System.Logger.Level;
import java.time.Clock;
import java.util.List;
import java.util.Objects;
import java.util.function.Supplier;

/**
 * Fixed, epoch-aligned windows counted in Redis and shared by every node: the contract's rate limits for a
 * cluster. Obtain it from {@link RedisKeygate#rateLimiter()}.
 *
 * <p>Exactness: all windows of a request are checked and counted by one Lua script ({@code rate-limit.lua}) in
 * one round trip. Redis runs a script alone, so no other request's increment can fall between this request's
 * check and its increments, whichever node sends it: no window ever admits more than its limit, and a rejected
 * request changes no counter.
 *
 * <p>Keys: {@code <prefix>{<bucket>}:<W>:<windowStart>} (e.g. {@code keygate:rl:{key_Ab3..}:60:1700000040}).
 * The braces are a Redis Cluster hash tag: all windows of a bucket live in one slot, as a multi-key script
 * requires. A new window is a new key, and every key expires {@link #EXPIRY_GRACE_MILLIS} after its window ends
 * (relative {@code PEXPIRE}, so Redis's own clock does not matter).
 *
 * <p>Time: windows come from the injected {@link Clock} of each node, not from Redis {@code TIME}, so headers,
 * the in-process fallback and the filter agree on one clock. Nodes must therefore keep their clocks in sync
 * (NTP): with a skew of {@code s} seconds, a node starts and ends its windows up to {@code s} early or late, i.e.
 * near a boundary it may count into the neighbouring window. Each window key still never exceeds its limit.
 *
 * <p>Outage: Redis down, unreachable or slower than the command timeout is decided by the {@link OutagePolicy};
 * a circuit breaker then keeps requests away from Redis for the retry interval (one probe per interval), and
 * Lettuce reconnects by itself, so recovery needs no action. No Redis failure escapes {@link #tryAcquire}.
 */
public final class RedisRateLimiter implements RateLimiter {

    /** Keys outlive their window by this much, so that a node whose clock lags by up to this still finds them. */
    public static final long EXPIRY_GRACE_MILLIS = 1_000;

    private static final System.Logger LOG = System.getLogger(RedisRateLimiter.class.getName());

    private final Supplier<StatefulRedisConnection<String, String>> connection;
    private final RedisSettings settings;
    private final Clock clock;
    private final RedisMetrics metrics;
    private final CircuitBreaker breaker;
    private final InProcessRateLimiter fallback;
    private final WindowScript script = new WindowScript();
    private final Runnable onClose;

    RedisRateLimiter(Supplier<StatefulRedisConnection<String, String>> connection, RedisSettings settings,
                     Clock clock, RedisMetrics metrics, CircuitBreaker breaker, Runnable onClose) {
        this.connection = Objects.requireNonNull(connection, "connection cannot be null");
        this.settings = Objects.requireNonNull(settings, "settings cannot be null");
        this.clock = Objects.requireNonNull(clock, "clock cannot be null");
        this.metrics = Objects.requireNonNull(metrics, "metrics cannot be null");
        this.breaker = Objects.requireNonNull(breaker, "breaker cannot be null");
        this.onClose = Objects.requireNonNull(onClose, "onClose cannot be null");
        this.fallback = settings.outagePolicy() == OutagePolicy.LOCAL
                ? new InProcessRateLimiter(clock, settings.fallbackMaxBuckets()) : null;
    }

    /**
     * Decides in Redis, or by the outage policy when Redis cannot answer within the command timeout. No Redis
     * failure escapes as an exception.
     *
     * @throws NullPointerException if {@code bucket} or {@code limits} is null (a caller's bug, not an outage)
     */
    @Override
    public RateLimitDecision tryAcquire(String bucket, List<Limit> limits) {
        Objects.requireNonNull(bucket, "bucket cannot be null");
        Objects.requireNonNull(limits, "limits cannot be null");
        if (limits.isEmpty()) {
            return RateLimitDecision.admitted(null);
        }
        if (!breaker.allowRequest()) {
            return outage(bucket, limits);
        }
        StatefulRedisConnection<String, String> c = connection.get();
        if (c == null) {
            failed("not connected yet");
            return outage(bucket, limits);
        }
        long nowMillis = clock.millis();
        Windows windows = Windows.of(settings.keyPrefix(), bucket, limits, nowMillis);
        long started = System.nanoTime();
        List<Long> result;
        try {
            result = script.run(c.sync(), windows.keys(), windows.args());
        } catch (RuntimeException e) {
            metrics.duration.record(System.nanoTime() - started, java.util.concurrent.TimeUnit.NANOSECONDS);
            failed(RetryingConnection.rootMessage(e));
            return outage(bucket, limits);
        }
        metrics.duration.record(System.nanoTime() - started, java.util.concurrent.TimeUnit.NANOSECONDS);
        long outageNanos = breaker.onSuccess();
        if (outageNanos >= 0) {
            LOG.log(Level.INFO, "keygate: Redis rate limiting is back after " + outageNanos / 1_000_000 + " ms");
        }
        return windows.decide(result, nowMillis);
    }

    private void failed(String reason) {
        metrics.errors.increment();
        if (breaker.onFailure()) {
            LOG.log(Level.WARNING, "keygate: Redis rate limiting unavailable (" + reason + "); outage policy '"
                    + settings.outagePolicy().wireName() + "' applies, Redis is retried every "
                    + settings.retryInterval().toMillis() + " ms");
        }
    }

    private RateLimitDecision outage(String bucket, List<Limit> limits) {
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
     * True while requests are decided by the outage policy: no connection has been made yet, or the circuit breaker
     * is open after a failure. Usable for readiness checks.
     */
    public boolean degraded() {
        return connection.get() == null || breaker.isOpen();
    }

    /**
     * Releases the Redis backends this limiter belongs to: its {@link RedisKeygate} (client, connections, threads,
     * and the revocation broadcast). {@code Keygate.close()} calls this on undeploy.
     */
    @Override
    public void close() {
        if (fallback != null) {
            fallback.close();
        }
        onClose.run();
    }

    /**
     * The Redis keys and script arguments for one request: one key per distinct window length (two limits with
     * the same window share one counter and are checked against the smaller limit), and the decision built from
     * the script's counts exactly as {@link InProcessRateLimiter} builds it.
     */
    static final class Windows {
        private final List<Limit> limits;
        private final int[] keyOfLimit;
        private final String[] keys;
        private final String[] args;

        private Windows(List<Limit> limits, int[] keyOfLimit, String[] keys, String[] args) {
            this.limits = limits;
            this.keyOfLimit = keyOfLimit;
            this.keys = keys;
            this.args = args;
        }

        String[] keys() {
            return keys;
        }

        String[] args() {
            return args;
        }

        static Windows of(String prefix, String bucket, List<Limit> limits, long nowMillis) {
            long nowSecond = Math.floorDiv(nowMillis, 1000);
            int n = limits.size();
            int[] keyOfLimit = new int[n];
            long[] seconds = new long[n];
            long[] smallestLimit = new long[n];
            int distinct = 0;
            for (int i = 0; i < n; i++) {
                Limit l = limits.get(i);
                int k = 0;
                while (k < distinct && seconds[k] != l.windowSeconds()) {
                    k++;
                }
                if (k == distinct) {
                    seconds[k] = l.windowSeconds();
                    smallestLimit[k] = l.limit();
                    distinct++;
                } else {
                    smallestLimit[k] = Math.min(smallestLimit[k], l.limit());
                }
                keyOfLimit[i] = k;
            }
            String[] keys = new String[distinct];
            String[] args = new String[2 * distinct];
            String tagged = prefix + "{" + bucket + "}:";
            for (int k = 0; k < distinct; k++) {
                long start = io.keygate.limit.Windows.start(nowSecond, seconds[k]);
                long endMillis = (start + seconds[k]) * 1000;
                keys[k] = tagged + seconds[k] + ":" + start;
                args[2 * k] = Long.toString(smallestLimit[k]);
                args[2 * k + 1] = Long.toString(endMillis - nowMillis + EXPIRY_GRACE_MILLIS);
            }
            return new Windows(limits, keyOfLimit, keys, args);
        }

        RateLimitDecision decide(List<Long> result, long nowMillis) {
            long[] counts = new long[limits.size()];
            for (int i = 0; i < counts.length; i++) {
                counts[i] = result.get(keyOfLimit[i] + 1);
            }
            return io.keygate.limit.Windows.decide(limits, counts, result.get(0) == 1L, nowMillis);
        }
    }
}
