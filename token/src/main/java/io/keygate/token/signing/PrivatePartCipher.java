package io.keygate.token.signing;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;

import javax.crypto.AEADBadTagException;
import javax.crypto.Cipher;
import javax.crypto.SecretKey;
import javax.crypto.SecretKeyFactory;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.PBEKeySpec;
import javax.crypto.spec.SecretKeySpec;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Base64;

/**
 * Seals a signing key's private part for the store, with the JDK's own crypto.
 *
 * <p>With a secret: AES-256-GCM under a key derived from the secret with PBKDF2-HMAC-SHA256 ({@value #ITERATIONS}
 * iterations, the OWASP 2023 figure, and a random 16-byte salt per signing key), a random 96-bit IV per encryption
 * and the kid as associated data, so a sealed part moved to another row does not open. PBKDF2 rather than HKDF: the
 * secret may be a passphrase an operator typed, and the JDK 17 has PBKDF2 but no HKDF; the derivation runs once per
 * signing key per process (derived keys are kept in memory), never per request.
 *
 * <pre>
 * sealed  = 0x01 | iterations (4 bytes, big-endian) | salt (16) | iv (12) | AES-GCM(ciphertext | 16-byte tag)
 * plain   = 0x00 | private JWK JSON (UTF-8)          -- only when no secret is configured
 * </pre>
 *
 * Thread-safe. Never shows the secret or a private part in {@code toString()}, a message or a log.
 */
public final class PrivatePartCipher {

    /** PBKDF2 iterations for new seals (the count is stored with each seal, so it can change later). */
    public static final int ITERATIONS = 600_000;
    /** Shortest secret accepted: a passphrase shorter than this is guessable despite PBKDF2. */
    public static final int MIN_SECRET_LENGTH = 16;

    static final byte PLAIN = 0x00;
    static final byte SEALED = 0x01;
    private static final int SALT_LENGTH = 16;
    private static final int IV_LENGTH = 12;
    private static final int TAG_BITS = 128;
    private static final int HEADER_LENGTH = 1 + 4 + SALT_LENGTH + IV_LENGTH;
    /** Bound on a stored iteration count: a row cannot make a node spin for minutes. */
    private static final int MAX_ITERATIONS = 10_000_000;

    private final char[] secret;
    private final int iterations;
    private final SecureRandom random = new SecureRandom();
    private final Cache<String, SecretKey> derived = Caffeine.newBuilder().maximumSize(64).build();

    /**
     * @param secret the token secret, or null to store private parts unencrypted
     * @throws IllegalArgumentException if the secret is shorter than {@value #MIN_SECRET_LENGTH} characters
     */
    public PrivatePartCipher(String secret) {
        this(secret, ITERATIONS);
    }

    /**
     * With another iteration count for new seals: tests keep it small, since each derivation of {@value #ITERATIONS}
     * takes about a second on a busy machine. Opening always uses the count stored with the seal.
     */
    public PrivatePartCipher(String secret, int iterations) {
        if (secret != null && secret.length() < MIN_SECRET_LENGTH) {
            throw new IllegalArgumentException("the token secret is wrong, because it must have at least "
                    + MIN_SECRET_LENGTH + " characters (e.g. openssl rand -base64 32); its value is not shown");
        }
        if (iterations < 1 || iterations > MAX_ITERATIONS) {
            throw new IllegalArgumentException(iterations + " is wrong value for iterations, because it must be 1.."
                    + MAX_ITERATIONS);
        }
        this.secret = secret == null ? null : secret.toCharArray();
        this.iterations = iterations;
    }

    /** True when private parts are sealed with a secret. */
    public boolean encrypts() {
        return secret != null;
    }

    /** Seals {@code privateJwk} for the key {@code kid}: encrypted with a secret, marked as plain without. */
    public byte[] seal(String kid, String privateJwk) {
        byte[] plaintext = privateJwk.getBytes(StandardCharsets.UTF_8);
        if (secret == null) {
            byte[] out = new byte[1 + plaintext.length];
            out[0] = PLAIN;
            System.arraycopy(plaintext, 0, out, 1, plaintext.length);
            return out;
        }
        byte[] salt = new byte[SALT_LENGTH];
        byte[] iv = new byte[IV_LENGTH];
        random.nextBytes(salt);
        random.nextBytes(iv);
        try {
            Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(Cipher.ENCRYPT_MODE, key(salt, iterations), new GCMParameterSpec(TAG_BITS, iv));
            cipher.updateAAD(kid.getBytes(StandardCharsets.UTF_8));
            byte[] sealed = cipher.doFinal(plaintext);
            return ByteBuffer.allocate(HEADER_LENGTH + sealed.length)
                    .put(SEALED).putInt(iterations).put(salt).put(iv).put(sealed).array();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-GCM is not available in this JVM: " + e.getClass().getName(), e);
        } finally {
            Arrays.fill(plaintext, (byte) 0);
        }
    }

    /**
     * Opens what {@link #seal} made for {@code kid}.
     *
     * @throws SealedKeyException if it is encrypted and no secret is set, the secret is another, the kid is another,
     *                            or the bytes were altered
     */
    public String open(String kid, byte[] stored) {
        if (stored.length < 2) {
            throw new SealedKeyException("signing key " + kid + " has no private part");
        }
        if (stored[0] == PLAIN) {
            return new String(stored, 1, stored.length - 1, StandardCharsets.UTF_8);
        }
        if (stored[0] != SEALED || stored.length <= HEADER_LENGTH) {
            throw new SealedKeyException("signing key " + kid + " has a private part in an unknown format");
        }
        if (secret == null) {
            throw new SealedKeyException("signing key " + kid + " is encrypted, but no token secret is set: set the "
                    + "secret the cluster's keys were sealed with (KEYGATE_TOKEN_SECRET in the sample)");
        }
        ByteBuffer in = ByteBuffer.wrap(stored, 1, stored.length - 1);
        int storedIterations = in.getInt();
        if (storedIterations < 1 || storedIterations > MAX_ITERATIONS) {
            throw new SealedKeyException("signing key " + kid + " names an impossible PBKDF2 iteration count");
        }
        byte[] salt = new byte[SALT_LENGTH];
        byte[] iv = new byte[IV_LENGTH];
        in.get(salt).get(iv);
        try {
            Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(Cipher.DECRYPT_MODE, key(salt, storedIterations), new GCMParameterSpec(TAG_BITS, iv));
            cipher.updateAAD(kid.getBytes(StandardCharsets.UTF_8));
            byte[] plaintext = cipher.doFinal(stored, HEADER_LENGTH, stored.length - HEADER_LENGTH);
            try {
                return new String(plaintext, StandardCharsets.UTF_8);
            } finally {
                Arrays.fill(plaintext, (byte) 0);
            }
        } catch (AEADBadTagException e) {
            throw new SealedKeyException("the token secret does not open signing key " + kid + ": it was sealed with "
                    + "another secret, or its row was altered");
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-GCM is not available in this JVM: " + e.getClass().getName(), e);
        }
    }

    private SecretKey key(byte[] salt, int rounds) {
        return derived.get(rounds + ":" + Base64.getEncoder().encodeToString(salt), k -> derive(salt, rounds));
    }

    private SecretKey derive(byte[] salt, int rounds) {
        PBEKeySpec spec = new PBEKeySpec(secret, salt, rounds, 256);
        try {
            byte[] raw = SecretKeyFactory.getInstance("PBKDF2WithHmacSHA256").generateSecret(spec).getEncoded();
            try {
                return new SecretKeySpec(raw, "AES");
            } finally {
                Arrays.fill(raw, (byte) 0);
            }
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("PBKDF2WithHmacSHA256 is not available in this JVM", e);
        } finally {
            spec.clearPassword();
        }
    }

    @Override
    public String toString() {
        return "PrivatePartCipher[" + (secret == null ? "unencrypted" : "AES-GCM, PBKDF2 " + iterations) + "]";
    }

    /** A stored private part that cannot be opened. The message names the kid, never a secret or key material. */
    public static final class SealedKeyException extends RuntimeException {
        public SealedKeyException(String message) {
            super(message);
        }
    }
}
