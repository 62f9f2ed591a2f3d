package io.keygate.store;

/**
 * What a rotation ({@code ApiKeyStore.rotate(replacement, oldId, oldRevokedAt, oldExpiresAt, event)}) did.
 */
public enum RotationResult {
    /** The replacement is stored and the old key revoked or set to expire. */
    ROTATED,
    /** No key has that id; nothing written. */
    NOT_FOUND,
    /** The old key has a successor already (a key is rotated at most once); nothing written. */
    ALREADY_ROTATED,
    /** The old key is revoked or expired; nothing written. */
    NOT_ACTIVE
}
