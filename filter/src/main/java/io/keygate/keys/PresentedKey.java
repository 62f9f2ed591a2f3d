package io.keygate.keys;

/**
 * A well-formed key as presented by a client, reduced to what verification needs: its prefix, environment and
 * SHA-256 digest. The plaintext is deliberately not kept.
 */
public record PresentedKey(String prefix, Environment environment, KeyDigest digest) {

    /** Lowercase hex SHA-256 of the key, as stores keep it (made on each call). */
    public String hash() {
        return digest.hex();
    }
}
