package io.keygate.sample.app;

import java.io.IOException;
import java.io.PrintStream;
import java.net.HttpURLConnection;
import java.net.URI;
import java.time.Duration;

/**
 * Prints the sample's "ready" line once {@code /health} answers over HTTP. A listener runs before the container
 * opens its port, so printing from it would announce a server that does not answer yet; this asks on a daemon
 * thread of its own (bounded by {@link #GIVE_UP_AFTER}) and is stopped on undeploy.
 */
final class ReadyLine implements AutoCloseable {

    static final Duration GIVE_UP_AFTER = Duration.ofMinutes(2);
    static final Duration POLL = Duration.ofMillis(100);

    private final Thread thread;

    private ReadyLine(Thread thread) {
        this.thread = thread;
    }

    static ReadyLine announceWhenServing(String base, PrintStream out) {
        URI health = URI.create(base + "/health");
        Thread t = new Thread(() -> {
            long deadline = System.nanoTime() + GIVE_UP_AFTER.toNanos();
            while (System.nanoTime() < deadline && !Thread.currentThread().isInterrupted()) {
                if (answers(health)) {
                    out.println("keygate: sample ready at " + base + ": the console at " + base
                            + "/console/ (sign in with an admin key), workflows under " + base
                            + "/developer/api/workflows, keys under " + base + "/admin/api/keys, " + base
                            + "/health and " + base + "/metrics");
                    out.flush();
                    return;
                }
                try {
                    Thread.sleep(POLL.toMillis());
                } catch (InterruptedException e) {
                    return;
                }
            }
        }, "keygate-sample-ready");
        t.setDaemon(true);
        t.start();
        return new ReadyLine(t);
    }

    /** Any HTTP answer counts (503 while the database is down is an answer too). */
    private static boolean answers(URI uri) {
        HttpURLConnection c = null;
        try {
            c = (HttpURLConnection) uri.toURL().openConnection();
            c.setConnectTimeout(500);
            c.setReadTimeout(2000);
            c.setRequestProperty("Connection", "close");
            return c.getResponseCode() > 0;
        } catch (IOException e) {
            return false;
        } finally {
            if (c != null) {
                c.disconnect();
            }
        }
    }

    @Override
    public void close() {
        thread.interrupt();
        try {
            thread.join(1000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
