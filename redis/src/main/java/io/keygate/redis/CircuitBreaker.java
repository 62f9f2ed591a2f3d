package io.keygate.redis;

import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;

/**
 * Keeps request threads away from a Redis that just failed: after a failure, requests skip Redis (and get the
 * outage policy at once) until {@code interval} has passed; then exactly one request probes Redis and either
 * closes the breaker (success) or opens it for another interval. So a dead Redis costs one timeout per interval,
 * not one per request.
 *
 * <p>Concurrency: the probe is claimed with a compare-and-set on {@code nextProbeNanos}, so among the threads that
 * see the interval elapsed only one wins; the others take the outage path. Requests already in flight when Redis
 * fails may each fail once; that is bounded by the command timeout.
 *
 * <p>Time is monotonic ({@code System.nanoTime}), not the window clock: moving a test clock must not open or close
 * the breaker.
 */
final class CircuitBreaker {

    private final long intervalNanos;
    private final LongSupplier nanoTime;
    private final AtomicBoolean open = new AtomicBoolean();
    private final AtomicLong nextProbeNanos = new AtomicLong();
    private final AtomicLong openedAtNanos = new AtomicLong();

    CircuitBreaker(long intervalNanos, LongSupplier nanoTime) {
        this.intervalNanos = intervalNanos;
        this.nanoTime = nanoTime;
    }

    /** True if this request may use Redis: the breaker is closed, or this request won the probe. */
    boolean allowRequest() {
        if (!open.get()) {
            return true;
        }
        long now = nanoTime.getAsLong();
        long next = nextProbeNanos.get();
        return now - next >= 0 && nextProbeNanos.compareAndSet(next, now + intervalNanos);
    }

    /**
     * @return the length of the outage in nanoseconds if this success closed the breaker, else -1
     */
    long onSuccess() {
        if (open.get() && open.compareAndSet(true, false)) {
            return nanoTime.getAsLong() - openedAtNanos.get();
        }
        return -1;
    }

    /** @return true if this failure opened the breaker (the start of an outage: log it once) */
    boolean onFailure() {
        long now = nanoTime.getAsLong();
        nextProbeNanos.set(now + intervalNanos);
        if (open.compareAndSet(false, true)) {
            openedAtNanos.set(now);
            return true;
        }
        return false;
    }

    boolean isOpen() {
        return open.get();
    }
}
