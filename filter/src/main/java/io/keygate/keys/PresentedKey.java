package io.keygate.keys;

/**
 * A well-formed key as presented by a client, reduced to what verification needs: its prefix, environment and
 * SHA-256 hex. The plaintext is deliberately not kept.
 */
public record PresentedKey(String prefix, Environment environment, String hash) {
}
