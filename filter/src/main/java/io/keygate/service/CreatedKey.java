package io.keygate.service;

import io.keygate.keys.ApiKey;

/**
 * A key just created or rotated, with its plaintext: the only time the secret exists outside its owner's hands.
 * {@link #toString()} never shows it.
 */
public final class CreatedKey {

    private final ApiKey key;
    private final String plaintext;

    CreatedKey(ApiKey key, String plaintext) {
        this.key = key;
        this.plaintext = plaintext;
    }

    public ApiKey key() {
        return key;
    }

    /** The secret: return it in the create/rotate response, and nowhere else. */
    public String plaintext() {
        return plaintext;
    }

    @Override
    public String toString() {
        return "CreatedKey[" + key + "]";
    }
}
