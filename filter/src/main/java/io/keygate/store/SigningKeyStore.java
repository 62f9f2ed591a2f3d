package io.keygate.store;

import java.util.List;

/**
 * SPI: where the token module keeps its signing keys, so that every node and every restart signs and verifies
 * alike. Plain values only ({@link StoredSigningKey}); the token module makes, seals, rotates and retires the keys,
 * the store only keeps rows.
 *
 * <p>The one rule a store must enforce itself: <b>at most one key per generation</b>. Nodes that start (or rotate)
 * at the same moment each try to insert the key of the same generation; exactly one insert wins and the others
 * read the winner, so a cluster always ends with one active signing key. SQL stores do this with a unique
 * constraint.
 *
 * <p>Every method may throw {@link StoreUnavailableException} when the backing store cannot be reached, quickly
 * (bounded timeouts). Implementations are thread-safe. A method that returns has made its change durable.
 */
public interface SigningKeyStore {

    /** Every stored key, by generation ascending. A handful of rows: keys are deleted after they retire. */
    List<StoredSigningKey> findAll();

    /**
     * Inserts {@code key} unless a key of the same generation or the same kid exists.
     *
     * @return true if this call inserted it; false if another writer got there first (nothing changed)
     */
    boolean insertIfAbsent(StoredSigningKey key);

    /**
     * Deletes the key with this kid.
     *
     * @return true if a key was deleted; false if there was none
     */
    boolean delete(String kid);
}
