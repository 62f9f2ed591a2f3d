package io.keygate.verify;

import java.lang.System.Logger.Level;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * When a write-behind buffer (last use, usage) is flushed: every interval, on a writer thread of its own, never on a
 * request thread. A flush that hangs is abandoned after a timeout so the schedule keeps going, and while it still
 * occupies the writer the next rounds are skipped rather than queued (their entries stay pending, bounded by the
 * buffer). {@link #close()} stops the schedule and makes one last bounded flush.
 *
 * <p>The ticking is injectable ({@link Ticks}) so that tests run rounds on demand instead of waiting real time.
 */
final class WriteBehindSchedule implements AutoCloseable {

    /** Starts calling {@code round} every {@code interval}; the returned handle stops it. */
    @FunctionalInterface
    interface Ticks {
        AutoCloseable every(Duration interval, Runnable round);

        /** A daemon timer thread named {@code <threadPrefix>-timer}. */
        static Ticks timerThread(String threadPrefix) {
            return (interval, round) -> {
                ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(
                        daemon(threadPrefix + "-timer"));
                long millis = interval.toMillis();
                timer.scheduleWithFixedDelay(round, millis, millis, TimeUnit.MILLISECONDS);
                return () -> {
                    timer.shutdownNow();
                    timer.awaitTermination(2, TimeUnit.SECONDS);
                };
            };
        }
    }

    static final long FINAL_FLUSH_TIMEOUT_MILLIS = 2_000;

    private final System.Logger log;
    private final String what;
    private final Duration interval;
    private final Callable<Integer> flush;
    private final ExecutorService writer;
    private final AutoCloseable ticking;
    /** The last flush handed to the writer; read and written by the ticking thread only. */
    private Future<Integer> inFlight;

    /**
     * @param what         what is flushed, for log lines ({@code last-used})
     * @param threadPrefix prefix of the writer thread's name ({@code keygate-lastused})
     */
    WriteBehindSchedule(String what, String threadPrefix, Duration interval, Callable<Integer> flush, Ticks ticks,
                        System.Logger log) {
        this.what = Objects.requireNonNull(what, "what cannot be null");
        this.interval = Objects.requireNonNull(interval, "interval cannot be null");
        if (interval.toMillis() < 1) {
            throw new IllegalArgumentException(interval
                    + " is wrong value for interval, because it must be at least 1 millisecond");
        }
        this.flush = Objects.requireNonNull(flush, "flush cannot be null");
        this.log = Objects.requireNonNull(log, "log cannot be null");
        this.writer = Executors.newSingleThreadExecutor(daemon(threadPrefix + "-writer"));
        this.ticking = Objects.requireNonNull(ticks, "ticks cannot be null").every(interval, this::round);
    }

    /** One scheduled round: hand a flush to the writer and wait for it, bounded. */
    void round() {
        if (inFlight != null && !inFlight.isDone()) {
            log.log(Level.WARNING, what + " flush still running after " + interval + "; skipping this round");
            return;
        }
        Future<Integer> f;
        try {
            f = writer.submit(flush);
        } catch (java.util.concurrent.RejectedExecutionException e) {
            return; // closing
        }
        inFlight = f;
        try {
            f.get(Math.max(1000, interval.toMillis()), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            log.log(Level.WARNING, what + " flush did not finish in " + interval + "; retrying next round");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (Exception e) {
            log.log(Level.WARNING, what + " flush failed, will retry: " + e.getCause());
        }
    }

    /** Stops the schedule, makes one last bounded flush, and ends the writer thread. */
    @Override
    public void close() {
        try {
            ticking.close();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (Exception e) {
            log.log(Level.WARNING, what + " schedule did not stop cleanly: " + e);
        }
        try {
            writer.submit(flush).get(FINAL_FLUSH_TIMEOUT_MILLIS, TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (Exception e) {
            log.log(Level.WARNING, "final " + what + " flush failed: " + e);
        }
        writer.shutdownNow();
        try {
            writer.awaitTermination(2, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    static ThreadFactory daemon(String name) {
        return r -> {
            Thread t = new Thread(r, name);
            t.setDaemon(true);
            return t;
        };
    }
}
