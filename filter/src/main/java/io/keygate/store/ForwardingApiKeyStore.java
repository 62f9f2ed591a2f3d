package io.keygate.store;

import io.keygate.keys.ApiKey;

import java.time.Instant;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * An {@link ApiKeyStore} that forwards every call to another one: extend it to decorate a store (count or time
 * calls, inject faults in tests, add tracing) by overriding only the methods that matter.
 */
public abstract class ForwardingApiKeyStore implements ApiKeyStore {

    private final ApiKeyStore delegate;

    protected ForwardingApiKeyStore(ApiKeyStore delegate) {
        this.delegate = Objects.requireNonNull(delegate, "delegate cannot be null");
    }

    protected ApiKeyStore delegate() {
        return delegate;
    }

    @Override
    public Optional<ApiKey> findByHash(String hash) {
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
