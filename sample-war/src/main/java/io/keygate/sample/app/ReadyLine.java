package io.keygate.sample.app;

import java.io.IOException;
import java.io.PrintStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.time.Duration;

/**
 * Prints the sample's "ready" line once its address accepts connections. A listener runs before the container opens
 * its port, so printing from it would announce a server that does not answer yet; this waits on a daemon thread of
 * its own (bounded by {@link #GIVE_UP_AFTER}) and is stopped on undeploy.
 */
final class ReadyLine implements AutoCloseable {

    static final Duration GIVE_UP_AFTER = Duration.ofMinutes(2);
    static final Duration POLL = Duration.ofMillis(100);

    private final Thread thread;

    private ReadyLine(Thread thread) {
        this.thread = thread;
    }

    static ReadyLine announceWhenServing(String base, PrintStream out) {
        URI uri = URI.create(base);
        int port = uri.getPort() > 0 ? uri.getPort() : 80;
        Thread t = new Thread(() -> {
            long deadline = System.nanoTime() + GIVE_UP_AFTER.toNanos();
            while (System.nanoTime() < deadline && !Thread.currentThread().isInterrupted()) {
                if (accepts(uri.getHost(), port)) {
                    out.println("keygate: sample ready at " + base + ": workflows under " + base
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

    private static boolean accepts(String host, int port) {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(host, port), 500);
            return true;
        } catch (IOException e) {
            return false;
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
