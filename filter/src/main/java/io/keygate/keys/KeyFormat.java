package io.keygate.keys;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Objects;
import java.util.regex.Pattern;
import java.util.zip.CRC32;

/**
 * The key format {@code <prefix><body><checksum>}: a per-environment prefix, 32 base62 characters from
 * {@link SecureRandom}, and the CRC32 of {@code prefix + body} in 6 base62 digits.
 *
 * <p>{@link #check(String)} rejects a token of the wrong shape or checksum with no I/O and without hashing,
 * so floods of garbage never reach a cache or a store. Instances are immutable and thread-safe.
 */
public final class KeyFormat {

    public static final String DEFAULT_LIVE_PREFIX = "sk_live_";
    public static final String DEFAULT_TEST_PREFIX = "sk_test_";
    public static final int BODY_LENGTH = 32;
    public static final int CHECKSUM_LENGTH = 6;
    /** Characters after the prefix: body plus checksum. */
    public static final int SUFFIX_LENGTH = BODY_LENGTH + CHECKSUM_LENGTH;
    public static final Pattern PREFIX_RULE = Pattern.compile("[A-Za-z0-9_-]{1,16}");

    private static final KeyFormat STANDARD = new KeyFormat(DEFAULT_LIVE_PREFIX, DEFAULT_TEST_PREFIX);
    /** {@link Base62#isDigit} as a table over ASCII. */
    private static final boolean[] BASE62_DIGIT = new boolean[128];

    static {
        for (int c = 0; c < 128; c++) {
            BASE62_DIGIT[c] = Base62.isDigit((char) c);
        }
    }

    private static final char[] HEX = "0123456789abcdef".toCharArray();

    private final String livePrefix;
    private final String testPrefix;
    private final SecureRandom random = new SecureRandom();

    public KeyFormat(String livePrefix, String testPrefix) {
        this.livePrefix = validPrefix("livePrefix", livePrefix);
        this.testPrefix = validPrefix("testPrefix", testPrefix);
        if (livePrefix.equals(testPrefix)) {
            throw new IllegalArgumentException("livePrefix and testPrefix must differ, both are '" + livePrefix + "'");
        }
    }

    /** The default format: {@code sk_live_} and {@code sk_test_}. */
    public static KeyFormat standard() {
        return STANDARD;
    }

    private static String validPrefix(String name, String value) {
        Objects.requireNonNull(value, name + " cannot be null");
        if (!PREFIX_RULE.matcher(value).matches()) {
            throw new IllegalArgumentException("'" + value + "' is wrong value for " + name
                    + ", because a prefix must match " + PREFIX_RULE.pattern());
        }
        return value;
    }

    public String livePrefix() {
        return livePrefix;
    }

    public String testPrefix() {
        return testPrefix;
    }

    public String prefixFor(Environment environment) {
        return environment == Environment.LIVE ? livePrefix : testPrefix;
    }

    /** A new random key for the environment. */
    public GeneratedKey generate(Environment environment) {
        char[] body = new char[BODY_LENGTH];
        for (int i = 0; i < BODY_LENGTH; i++) {
            body[i] = Base62.ALPHABET.charAt(random.nextInt(62));
        }
        String key = compose(prefixFor(environment), new String(body));
        return new GeneratedKey(key, prefixFor(environment), environment, sha256Hex(key));
    }

    /**
     * Takes an existing well-formed key (for example an operator-provided bootstrap key) as if generated.
     *
     * @throws IllegalArgumentException if the token is not a well-formed key of this format; the message never
     *                                  contains the token
     */
    public GeneratedKey adopt(String plaintext) {
        PresentedKey presented = check(plaintext);
        if (presented == null) {
            throw new IllegalArgumentException("not a well-formed key: it must be one of the prefixes '" + livePrefix
                    + "' or '" + testPrefix + "' followed by " + SUFFIX_LENGTH
                    + " base62 characters with a valid checksum");
        }
        return new GeneratedKey(plaintext, presented.prefix(), presented.environment(), presented.hash());
    }

    /** {@code prefix + body + checksum}: the key for a given body (used for test vectors and imports). */
    public static String compose(String prefix, String body) {
        if (body.length() != BODY_LENGTH) {
            throw new IllegalArgumentException("body must have " + BODY_LENGTH + " characters");
        }
        for (int i = 0; i < body.length(); i++) {
            if (!Base62.isDigit(body.charAt(i))) {
                throw new IllegalArgumentException("body must be base62");
            }
        }
        String head = prefix + body;
        return head + Base62.encode(crc32(head.getBytes(StandardCharsets.US_ASCII), head.length()), CHECKSUM_LENGTH);
    }

    /**
     * Checks shape and checksum of a presented token and hashes it. Returns {@code null} when the token is not
     * a well-formed key of one of this format's prefixes. Never throws, never does I/O.
     */
    public PresentedKey check(String token) {
        if (token == null) {
            return null;
        }
        int prefixLength = token.length() - SUFFIX_LENGTH;
        if (prefixLength <= 0) {
            return null;
        }
        Environment environment;
        if (prefixLength == livePrefix.length() && token.startsWith(livePrefix)) {
            environment = Environment.LIVE;
        } else if (prefixLength == testPrefix.length() && token.startsWith(testPrefix)) {
            environment = Environment.TEST;
        } else {
            return null;
        }
        int checksumStart = token.length() - CHECKSUM_LENGTH;
        // no branch per character: random base62 characters made Base62.isDigit's three range checks mispredict
        // about once a character, which cost more than the rest of the check
        boolean base62 = true;
        for (int i = prefixLength; i < token.length(); i++) {
            char c = token.charAt(i);
            base62 &= c < 128 & BASE62_DIGIT[c & 127];
        }
        if (!base62) {
            return null;
        }
        // all ASCII now, so ISO-8859-1 gives the same bytes as US-ASCII, as a plain copy without a check per byte
        byte[] ascii = token.getBytes(StandardCharsets.ISO_8859_1);
        long crc = crc32(ascii, checksumStart);
        for (int i = token.length() - 1; i >= checksumStart; i--) {
            if (token.charAt(i) != Base62.ALPHABET.charAt((int) (crc % 62))) {
                return null;
            }
            crc /= 62;
        }
        return new PresentedKey(prefixFor(environment), environment, KeyDigest.of(sha256().digest(ascii)));
    }

    /** True when {@code token} has the shape and checksum of a key of this format. */
    public boolean isWellFormed(String token) {
        return check(token) != null;
    }

    private static long crc32(byte[] ascii, int length) {
        CRC32 crc = new CRC32();
        crc.update(ascii, 0, length);
        return crc.getValue();
    }

    /** Lowercase hex SHA-256 of the ASCII bytes of a key: the only form in which a key is kept at rest. */
    public static String sha256Hex(String key) {
        return sha256Hex(key.getBytes(StandardCharsets.US_ASCII));
    }

    private static String sha256Hex(byte[] ascii) {
        byte[] digest = sha256().digest(ascii);
        char[] out = new char[digest.length * 2];
        for (int i = 0; i < digest.length; i++) {
            out[2 * i] = HEX[(digest[i] >> 4) & 0xF];
            out[2 * i + 1] = HEX[digest[i] & 0xF];
        }
        return new String(out);
    }

    /** Cloning a prototype skips the provider lookup and reflective construction of getInstance per call. */
    private static final MessageDigest SHA256_PROTOTYPE = newSha256();

    private static MessageDigest sha256() {
        try {
            return (MessageDigest) SHA256_PROTOTYPE.clone();
        } catch (CloneNotSupportedException e) {
            return newSha256();
        }
    }

    private static MessageDigest newSha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required by the Java platform", e);
        }
    }

    /** Constant-time comparison of two hex digests (no early exit on the first differing character). */
    public static boolean digestsEqual(String a, String b) {
        if (a == null || b == null) {
            return false;
        }
        return MessageDigest.isEqual(a.getBytes(StandardCharsets.US_ASCII), b.getBytes(StandardCharsets.US_ASCII));
    }

    /** {@code prefix + body[0..4] + "..." + last 4 characters}, e.g. {@code sk_live_Ab3x...9fQz}. */
    public static String redact(String prefix, String start4, String end4) {
        return prefix + start4 + "..." + end4;
    }

    /** Shortest run of base62 characters after a prefix that {@link #redactKeys} treats as (part of) a key. */
    static final int REDACT_MIN_RUN = 12;

    /**
     * {@code text} with everything that looks like a key of this format, or a long part of one, replaced by its
     * redacted form ({@code prefix + first 4 + "..." + last 4}): for error details and log lines that quote input
     * (a path segment, a field name) into which a client may have pasted a key. Null stays null.
     */
    public String redactKeys(String text) {
        if (text == null || (!text.contains(livePrefix) && !text.contains(testPrefix))) {
            return text;
        }
        StringBuilder out = new StringBuilder(text.length());
        int i = 0;
        while (i < text.length()) {
            String prefix = text.startsWith(livePrefix, i) ? livePrefix : text.startsWith(testPrefix, i) ? testPrefix : null;
            if (prefix != null) {
                int start = i + prefix.length();
                int end = start;
                while (end < text.length() && Base62.isDigit(text.charAt(end))) {
                    end++;
                }
                if (end - start >= REDACT_MIN_RUN) {
                    out.append(prefix).append(text, start, start + 4).append("...").append(text, end - 4, end);
                    i = end;
                    continue;
                }
            }
            out.append(text.charAt(i));
            i++;
        }
        return out.toString();
    }

    @Override
    public String toString() {
        return "KeyFormat[live=" + livePrefix + ", test=" + testPrefix + "]";
    }
}
