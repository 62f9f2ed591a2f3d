package io.keygate.bench.fake;

import io.keygate.keys.ApiKey;
import io.keygate.store.ApiKeyStore;
import io.keygate.store.ForwardingApiKeyStore;

import java.util.Optional;
import java.util.concurrent.atomic.LongAdder;

/**
 * Wraps a store and counts the lookups the filter makes ({@link #findByHash}): the proof that malformed keys and
 * cached keys cost no store query. Every other call is passed through uncounted.
 */
public final class CountingStore extends ForwardingApiKeyStore {

    private final LongAdder lookups = new LongAdder();

    public CountingStore(ApiKeyStore delegate) {
        super(delegate);
    }

    /** Lookups by hash since construction or the last {@link #reset()}. */
    public long lookups() {
        return lookups.sum();
    }

    public void reset() {
        lookups.reset();
    }

    @Override
    public ApiKeyStore delegate() {
        return super.delegate();
    }

    @Override
    public Optional<ApiKey> findByHash(String hash) {
        lookups.increment();
        return super.findByHash(hash);
    }
}
