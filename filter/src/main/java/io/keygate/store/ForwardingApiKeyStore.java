package io.keygate.store;

import io.keygate.keys.ApiKey;

import java.time.Instant;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * An {@link ApiKeyStore} that forwards every call to another one: extend it to decorate a store (count or time
 * calls, inject faults in tests, add tracing) by overriding only the methods that matter. The system-write overloads
 * ({@code insert(key)}, ...) end in the event-taking methods, so overriding those sees every write. A decorator is
 * not a {@link ManagementStore}: give {@code Keygate.builder()} the delegate's service accounts, teams and audit log.
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
    public void insert(ApiKey key, AuditEvent event) {
        delegate.insert(key, event);
    }

    @Override
    public boolean revoke(String id, Instant revokedAt, AuditEvent event) {
        return delegate.revoke(id, revokedAt, event);
    }

    @Override
    public RotationResult rotate(ApiKey replacement, String oldId, Instant oldRevokedAt, Instant oldExpiresAt,
                                 AuditEvent event) {
        return delegate.rotate(replacement, oldId, oldRevokedAt, oldExpiresAt, event);
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
