package io.keygate.store;

import io.keygate.keys.ApiKey;

import java.time.Instant;
import java.util.Map;
import java.util.Optional;

/**
 * SPI: where keys live. Only {@code io.keygate.service.ApiKeyService} writes keys; the filter only reads by hash
 * and reports last use.
 *
 * <p>Every method may throw {@link StoreUnavailableException} when the backing store cannot be reached; it must
 * do so quickly (bounded timeouts), never hang a request thread. Implementations are thread-safe. A method that
 * returns has made its change durable.
 */
public interface ApiKeyStore {

    /** The key whose SHA-256 hex is {@code hash}, revoked and expired keys included. One indexed lookup. */
    Optional<ApiKey> findByHash(String hash);

    /** The key with public id {@code id}, revoked and expired keys included. */
    Optional<ApiKey> findById(String id);

    /**
     * Inserts a new key. Durable when it returns.
     *
     * @throws DuplicateKeyException if the id or hash is taken
     */
    void insert(ApiKey key);

    /**
     * Sets {@code revoked_at} if the key is not revoked yet (a single conditional update).
     *
     * @return true if this call revoked it; false if it was already revoked or does not exist
     */
    boolean revoke(String id, Instant revokedAt);

    /**
     * Rotation in one transaction: inserts {@code replacement} and either revokes the old key at
     * {@code oldRevokedAt} or sets its expiry to {@code oldExpiresAt} (exactly one of the two is non-null).
     * Nothing changes if the old key is already revoked.
     *
     * @return true if rotated; false if the old key was revoked or missing (then nothing was inserted)
     */
    boolean rotate(ApiKey replacement, String oldId, Instant oldRevokedAt, Instant oldExpiresAt);

    /**
     * One page of keys, newest first (ties broken by id), filtered in the store, never by loading all keys.
     */
    Page<ApiKey> search(KeyQuery query);

    /**
     * Records last use for many keys at once (one batched write). Entries for unknown ids are ignored. A stored
     * value is never moved backwards.
     */
    void recordLastUsed(Map<String, Instant> lastUsedById);
}
