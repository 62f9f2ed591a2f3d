package io.keygate.store;

import java.time.Instant;
import java.util.Arrays;
import java.util.Objects;

/**
 * One token signing key as a {@link SigningKeyStore} keeps it: plain values only, so the store needs no JOSE library.
 * Immutable (the private part is copied in and out).
 *
 * @param kid         the JWS {@code kid}: 1..64 of letters, digits, {@code _} and {@code -}
 * @param algorithm   the JWS algorithm the key signs with, e.g. {@code ES256}
 * @param generation  the rotation step this key is for, from 1. Unique: two nodes that create the key of the same
 *                    step at the same time conflict, and one of them wins
 * @param publicJwk   the public key as a JWK JSON object
 * @param privatePart the private key as the token module seals it (AES-GCM under the token secret, or marked as
 *                    unencrypted when no secret is configured); opaque to the store
 * @param createdAt   when it was made (and published: verifiers learn it from then on)
 * @param activatesAt when it starts signing
 * @param retiresAt   when its successor is planned to start signing
 */
public record StoredSigningKey(String kid, String algorithm, long generation, String publicJwk, byte[] privatePart,
                               Instant createdAt, Instant activatesAt, Instant retiresAt) {

    /** Longest {@code kid}. */
    public static final int MAX_KID_LENGTH = 64;
    /** Longest public JWK JSON a store must keep. */
    public static final int MAX_PUBLIC_JWK_LENGTH = 2048;
    /** Longest sealed private part a store must keep. */
    public static final int MAX_PRIVATE_PART_LENGTH = 4096;

    public StoredSigningKey {
        Objects.requireNonNull(kid, "kid cannot be null");
        Objects.requireNonNull(algorithm, "algorithm cannot be null");
        Objects.requireNonNull(publicJwk, "publicJwk cannot be null");
        Objects.requireNonNull(privatePart, "privatePart cannot be null");
        Objects.requireNonNull(createdAt, "createdAt cannot be null");
        Objects.requireNonNull(activatesAt, "activatesAt cannot be null");
        Objects.requireNonNull(retiresAt, "retiresAt cannot be null");
        if (!validKid(kid)) {
            throw new IllegalArgumentException("'" + kid + "' is wrong value for kid, because it must be 1.."
                    + MAX_KID_LENGTH + " letters, digits, _ or -");
        }
        if (generation < 1) {
            throw new IllegalArgumentException(generation + " is wrong value for generation, because it starts at 1");
        }
        if (publicJwk.isEmpty() || publicJwk.length() > MAX_PUBLIC_JWK_LENGTH) {
            throw new IllegalArgumentException("publicJwk must have 1.." + MAX_PUBLIC_JWK_LENGTH + " characters");
        }
        if (privatePart.length == 0 || privatePart.length > MAX_PRIVATE_PART_LENGTH) {
            throw new IllegalArgumentException("privatePart must have 1.." + MAX_PRIVATE_PART_LENGTH + " bytes");
        }
        if (retiresAt.isBefore(activatesAt)) {
            throw new IllegalArgumentException("retiresAt " + retiresAt + " is before activatesAt " + activatesAt);
        }
        privatePart = privatePart.clone();
    }

    /** A copy of the sealed private part. */
    @Override
    public byte[] privatePart() {
        return privatePart.clone();
    }

    private static boolean validKid(String kid) {
        if (kid.isEmpty() || kid.length() > MAX_KID_LENGTH) {
            return false;
        }
        for (int i = 0; i < kid.length(); i++) {
            char c = kid.charAt(i);
            boolean ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_'
                    || c == '-';
            if (!ok) {
                return false;
            }
        }
        return true;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof StoredSigningKey k && generation == k.generation && kid.equals(k.kid)
                && algorithm.equals(k.algorithm) && publicJwk.equals(k.publicJwk)
                && Arrays.equals(privatePart, k.privatePart) && createdAt.equals(k.createdAt)
                && activatesAt.equals(k.activatesAt) && retiresAt.equals(k.retiresAt);
    }

    @Override
    public int hashCode() {
        return Objects.hash(kid, generation);
    }

    /** Never the private part, sealed or not. */
    @Override
    public String toString() {
        return "StoredSigningKey[kid=" + kid + ", " + algorithm + ", generation=" + generation + ", activates="
                + activatesAt + ", retires=" + retiresAt + "]";
    }
}
