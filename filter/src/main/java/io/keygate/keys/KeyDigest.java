package io.keygate.keys;

/**
 * A SHA-256 digest as four longs: the key of the verification caches. Hashing and comparing it is a few steps,
 * it takes 48 bytes instead of the 104 of its 64-character hex string, and the hex form is only made when a
 * store has to be asked.
 */
public record KeyDigest(long a, long b, long c, long d) {

    private static final char[] HEX = "0123456789abcdef".toCharArray();

    /** From the 32 bytes of a SHA-256 digest, big-endian. */
    public static KeyDigest of(byte[] sha256) {
        if (sha256.length != 32) {
            throw new IllegalArgumentException("a SHA-256 digest has 32 bytes, not " + sha256.length);
        }
        return new KeyDigest(readLong(sha256, 0), readLong(sha256, 8), readLong(sha256, 16), readLong(sha256, 24));
    }

    /**
     * From lowercase or uppercase hex of 64 characters.
     *
     * @throws IllegalArgumentException when it is not 64 hex characters
     */
    public static KeyDigest fromHex(String hex) {
        if (hex == null || hex.length() != 64) {
            throw new IllegalArgumentException("a SHA-256 hex digest has 64 characters");
        }
        long[] parts = new long[4];
        for (int i = 0; i < 64; i++) {
            int v = Character.digit(hex.charAt(i), 16);
            if (v < 0) {
                throw new IllegalArgumentException("a SHA-256 hex digest has only hex characters");
            }
            parts[i / 16] = (parts[i / 16] << 4) | v;
        }
        return new KeyDigest(parts[0], parts[1], parts[2], parts[3]);
    }

    /**
     * The first word: SHA-256 output is uniformly distributed, so any 32 of its bits are as good a hash as any.
     * Written out because the record's generated hash code mixes all four words through method handles, which
     * showed in the profile of every cache lookup.
     */
    @Override
    public int hashCode() {
        return Long.hashCode(a);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof KeyDigest k && a == k.a && b == k.b && c == k.c && d == k.d;
    }

    /** Lowercase hex, as stores keep it. */
    public String hex() {
        char[] out = new char[64];
        write(out, 0, a);
        write(out, 16, b);
        write(out, 32, c);
        write(out, 48, d);
        return new String(out);
    }

    private static void write(char[] out, int offset, long v) {
        for (int i = 15; i >= 0; i--) {
            out[offset + i] = HEX[(int) (v & 0xF)];
            v >>>= 4;
        }
    }

    private static long readLong(byte[] b, int offset) {
        long v = 0;
        for (int i = 0; i < 8; i++) {
            v = (v << 8) | (b[offset + i] & 0xFF);
        }
        return v;
    }

    /** Not the digest: a digest is no secret, but there is no reason to spread it either. */
    @Override
    public String toString() {
        return "KeyDigest[" + HEX[(int) (a >>> 60)] + HEX[(int) ((a >>> 56) & 0xF)] + "...]";
    }
}
