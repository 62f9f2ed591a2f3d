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
 *
 * <p><b>Management writes and system writes.</b> The write methods take an {@link AuditEvent}. With an event they
 * are <i>management writes</i> (a caller's key asked for them): the event is appended in the same transaction as the
 * change, so there is no change without its event, and a key owned by a service account is written only while that
 * account is active in the key's organization (checked in the transaction, serialized with
 * {@link ServiceAccountStore#disable}; otherwise {@link InactiveOwnerException}). With a null event they are
 * <i>system writes</i> (bootstrap, imports, tests): no event, no owner check. The overloads without the parameter
 * are system writes.
 */
public interface ApiKeyStore {

    /** The key whose SHA-256 hex is {@code hash}, revoked and expired keys included. One indexed lookup. */
    Optional<ApiKey> findByHash(String hash);

    /** The key with public id {@code id}, revoked and expired keys included. */
    Optional<ApiKey> findById(String id);

    /**
     * Inserts a new key and appends {@code event} (if not null) in one transaction.
     *
     * @throws DuplicateKeyException    if the id or hash is taken (nothing written)
     * @throws InactiveOwnerException   in a management write whose service-account owner is not active in the key's
     *                                  organization (nothing written)
     * @throws IllegalArgumentException if the key or the event does not fit the store (nothing written)
     */
    void insert(ApiKey key, AuditEvent event);

    /** A system insert: {@code insert(key, null)}. */
    default void insert(ApiKey key) {
        insert(key, null);
    }

    /**
     * Sets {@code revoked_at} if the key is not revoked yet (a single conditional update) and appends {@code event}
     * (if not null) in the same transaction, whether or not the key changed.
     *
     * @return true if this call revoked it; false if it was already revoked or does not exist
     */
    boolean revoke(String id, Instant revokedAt, AuditEvent event);

    /** A system revocation: {@code revoke(id, revokedAt, null)}. */
    default boolean revoke(String id, Instant revokedAt) {
        return revoke(id, revokedAt, null);
    }

    /**
     * Rotation in one transaction: marks the old key as replaced by {@code replacement} and either revokes it at
     * {@code oldRevokedAt} or sets its expiry to {@code oldExpiresAt} (exactly one of the two is non-null), inserts
     * the replacement and appends {@code event} (if not null). A key is rotated at most once: of concurrent rotations
     * of one key exactly one returns {@link RotationResult#ROTATED}. Nothing is written unless the result is
     * {@code ROTATED}; the old key must be neither revoked nor expired at {@code replacement.createdAt()}.
     *
     * @throws DuplicateKeyException  if the replacement's id or hash is taken (nothing written)
     * @throws InactiveOwnerException in a management write whose service-account owner is not active
     */
    RotationResult rotate(ApiKey replacement, String oldId, Instant oldRevokedAt, Instant oldExpiresAt,
                          AuditEvent event);

    /**
     * A system rotation: {@code rotate(replacement, oldId, oldRevokedAt, oldExpiresAt, null)}.
     *
     * @return true if rotated; false if the old key was missing, revoked, expired or already rotated
     */
    default boolean rotate(ApiKey replacement, String oldId, Instant oldRevokedAt, Instant oldExpiresAt) {
        return rotate(replacement, oldId, oldRevokedAt, oldExpiresAt, null) == RotationResult.ROTATED;
    }

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
