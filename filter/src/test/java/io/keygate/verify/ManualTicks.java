package io.keygate.verify;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/** Write-behind ticking driven by the test: {@link #tick()} runs one scheduled round now, on the caller's thread. */
final class ManualTicks implements WriteBehindSchedule.Ticks {

    private final List<Runnable> rounds = new ArrayList<>();
    private boolean stopped;

    @Override
    public synchronized AutoCloseable every(Duration interval, Runnable round) {
        rounds.add(round);
        return () -> {
            synchronized (this) {
                stopped = true;
            }
        };
    }

    /** Runs every registered round once, as the timer would after an interval. */
    void tick() {
        List<Runnable> now;
        synchronized (this) {
            if (stopped) {
                return;
            }
            now = new ArrayList<>(rounds);
        }
        now.forEach(Runnable::run);
    }

    synchronized boolean stopped() {
        return stopped;
    }
}
