package io.keygate.redis;

import io.lettuce.core.api.StatefulConnection;
import io.netty.util.concurrent.EventExecutorGroup;

import java.lang.System.Logger.Level;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * A Lettuce connection that is established in the background, so that a node starts (and serves, under its
 * outage policy) while Redis is down. Lettuce's auto-reconnect keeps a connection alive once it has been made,
 * but it does not retry a first connection that failed; this class retries that every {@code retryInterval}
 * on Lettuce's own event executors (no thread of its own) until it succeeds or is closed.
 *
 * <p>{@code prepare} runs on each new connection before it is published (for example SUBSCRIBE); if it fails,
 * the connection is closed and the attempt counts as failed.
 */
final class RetryingConnection<C> implements AutoCloseable {

    private static final System.Logger LOG = System.getLogger(RetryingConnection.class.getName());

    private final String what;
    private final Supplier<CompletionStage<C>> connect;
    private final Function<C, CompletionStage<?>> prepare;
    private final Function<C, StatefulConnection<?, ?>> stateful;
    private final EventExecutorGroup executor;
    private final long retryMillis;
    private final Object lock = new Object();
    private volatile C connection;
    private final CompletableFuture<Void> firstAttempt = new CompletableFuture<>();
    private ScheduledFuture<?> retry;
    private boolean closed;
    private boolean warned;

    RetryingConnection(String what, Supplier<CompletionStage<C>> connect, Function<C, CompletionStage<?>> prepare,
                       Function<C, StatefulConnection<?, ?>> stateful, EventExecutorGroup executor,
                       Duration retryInterval) {
        this.what = what;
        this.connect = connect;
        this.prepare = prepare;
        this.stateful = stateful;
        this.executor = executor;
        this.retryMillis = retryInterval.toMillis();
    }

    /** Starts the first attempt; returns at once. */
    void start() {
        attempt();
    }

    /**
     * Waits until the first attempt has ended, at most {@code timeout}: a node that starts while Redis is up then
     * serves its first request from Redis, and a node that starts while Redis is down is not held up for long.
     */
    void awaitFirstAttempt(Duration timeout) {
        try {
            firstAttempt.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (ExecutionException | TimeoutException e) {
            // not connected yet: the background retries go on, the outage policy decides meanwhile
        }
    }

    /** The connection, or null while none has been made yet (Redis down since start). */
    C current() {
        return connection;
    }

    private void attempt() {
        synchronized (lock) {
            if (closed) {
                return;
            }
        }
        CompletionStage<C> stage;
        try {
            stage = connect.get();
        } catch (RuntimeException e) {
            failed(e);
            return;
        }
        stage.thenCompose(c -> prepare.apply(c).handle((ok, error) -> {
            if (error != null) {
                stateful.apply(c).closeAsync();
                throw new IllegalStateException(error);
            }
            return c;
        })).whenComplete((c, error) -> {
            if (error != null) {
                failed(error);
            } else {
                connected(c);
            }
        });
    }

    private void connected(C c) {
        synchronized (lock) {
            if (closed) {
                stateful.apply(c).closeAsync();
                return;
            }
            connection = c;
            firstAttempt.complete(null);
            if (warned) {
                LOG.log(Level.INFO, "keygate: " + what + " connected to Redis");
            }
        }
    }

    private void failed(Throwable error) {
        synchronized (lock) {
            if (closed) {
                return;
            }
            firstAttempt.complete(null);
            if (!warned) {
                warned = true;
                LOG.log(Level.WARNING, "keygate: " + what + " cannot connect to Redis (" + rootMessage(error)
                        + "); retrying every " + retryMillis + " ms");
            }
            retry = executor.schedule(this::attempt, retryMillis, TimeUnit.MILLISECONDS);
        }
    }

    static String rootMessage(Throwable error) {
        Throwable t = error;
        while (t.getCause() != null && t.getCause() != t) {
            t = t.getCause();
        }
        return t.getClass().getSimpleName() + ": " + t.getMessage();
    }

    @Override
    public void close() {
        C c;
        synchronized (lock) {
            if (closed) {
                return;
            }
            closed = true;
            firstAttempt.complete(null);
            if (retry != null) {
                retry.cancel(false);
            }
            c = connection;
            connection = null;
        }
        if (c != null) {
            stateful.apply(c).close();
        }
    }
}
