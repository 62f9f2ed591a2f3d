package io.keygate.store;

import io.keygate.keys.ApiKey;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * SPI: where service accounts live. Implemented by the store that holds the keys, because disabling an account
 * revokes its keys in the same transaction. Thread-safe; every method may throw {@link StoreUnavailableException}.
 * A method that returns has made its change durable.
 */
public interface ServiceAccountStore {

    /**
     * Inserts a new account and, when {@code event} is not null, appends it in the same transaction.
     *
     * @throws DuplicateKeyException    if the id is taken (nothing written)
     * @throws IllegalArgumentException if the event does not fit (nothing written)
     */
    void insert(ServiceAccount account, AuditEvent event);

    Optional<ServiceAccount> findById(String id);

    /** One page, newest first (ties by id), filtered and paged by the store. */
    Page<ServiceAccount> search(ServiceAccountQuery query);

    /**
     * In one transaction: marks the account disabled at {@code at} (unless it is already), revokes every key it
     * owns that is not revoked yet, and appends {@code event} (when not null). Disabling twice changes nothing
     * the second time but still appends the event. Management writes of keys owned by the account
     * ({@link ApiKeyStore#insert(ApiKey, AuditEvent)} with an event) serialize with this on the account, so a key
     * is either revoked here or refused there.
     *
     * @return the account as stored after the call and the keys this call revoked (as stored after it, so that the
     *         caller can evict their hashes from caches); empty if there is no such account
     */
    Optional<Disabled> disable(String id, Instant at, AuditEvent event);

    /**
     * Makes a disabled account active again. A system operation for recovery (the bootstrap of an admin key); no
     * management API offers it. Its keys stay revoked.
     *
     * @return true if it was disabled and is now active
     */
    boolean enable(String id);

    /** What {@link #disable} did. */
    record Disabled(ServiceAccount account, List<ApiKey> revokedKeys) {
        public Disabled {
            revokedKeys = List.copyOf(revokedKeys);
        }
    }
}
