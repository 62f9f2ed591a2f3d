package io.keygate.keys;

/** The base62 alphabet of the key format, {@code 0-9A-Za-z} in that order. */
public final class Base62 {

    public static final String ALPHABET = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";

    private Base62() {
    }

    public static boolean isDigit(char c) {
        return (c >= '0' && c <= '9') || (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z');
    }

    /** Writes {@code value} (non-negative) most significant digit first, left-padded with '0' to {@code width}. */
    public static String encode(long value, int width) {
        if (value < 0) {
            throw new IllegalArgumentException("value must not be negative");
        }
        char[] out = new char[width];
        long v = value;
        for (int i = width - 1; i >= 0; i--) {
            out[i] = ALPHABET.charAt((int) (v % 62));
            v /= 62;
        }
        if (v != 0) {
            throw new IllegalArgumentException("value does not fit in " + width + " base62 digits");
        }
        return new String(out);
    }
}
