package io.keygate.service;

/**
 * Told by {@link ApiKeyService} after a key was revoked, rotated or otherwise changed in a way that caches must
 * not hide. Receives the key's hash (never the key). Called synchronously on the caller's thread before the
 * service call returns: implementations are fast and must not throw.
 */
@FunctionalInterface
public interface RevocationListener {

    void keyChanged(String keyHash);

    /**
     * True for listeners that forward changes to other nodes (for example a Redis publisher). Changes that
     * arrive from other nodes are applied with {@link ApiKeyService#applyRemoteChange(String)}, which skips
     * broadcasting listeners so that a message is never echoed back into the cluster.
     */
    default boolean broadcasts() {
        return false;
    }
}
