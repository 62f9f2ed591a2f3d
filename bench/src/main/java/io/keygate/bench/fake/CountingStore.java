package io.keygate.bench.fake;

import io.keygate.keys.ApiKey;
import io.keygate.store.ApiKeyStore;
import io.keygate.store.KeyQuery;
import io.keygate.store.Page;

import java.time.Instant;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.atomic.LongAdder;

/**
 * Wraps a store and counts the lookups the filter makes ({@link #findByHash}): the proof that malformed keys and
 * cached keys cost no store query. Every other call is passed through uncounted.
 */
public final class CountingStore implements ApiKeyStore {

    private final ApiKeyStore delegate;
    private final LongAdder lookups = new LongAdder();

    public CountingStore(ApiKeyStore delegate) {
        this.delegate = Objects.requireNonNull(delegate, "delegate cannot be null");
    }

    /** Lookups by hash since construction or the last {@link #reset()}. */
    public long lookups() {
        return lookups.sum();
    }

    public void reset() {
        lookups.reset();
    }

    public ApiKeyStore delegate() {
        return delegate;
    }

    @Override
    public Optional<ApiKey> findByHash(String hash) {
        lookups.increment();
        return delegate.findByHash(hash);
    }

    @Override
    public Optional<ApiKey> findById(String id) {
        return delegate.findById(id);
    }

    @Override
    public void insert(ApiKey key) {
        delegate.insert(key);
    }

    @Override
    public boolean revoke(String id, Instant revokedAt) {
        return delegate.revoke(id, revokedAt);
    }

    @Override
    public boolean rotate(ApiKey replacement, String oldId, Instant oldRevokedAt, Instant oldExpiresAt) {
        return delegate.rotate(replacement, oldId, oldRevokedAt, oldExpiresAt);
    }

    @Override
    public Page<ApiKey> search(KeyQuery query) {
        return delegate.search(query);
    }

    @Override
    public void recordLastUsed(Map<String, Instant> lastUsedById) {
        delegate.recordLastUsed(lastUsedById);
    }
}
