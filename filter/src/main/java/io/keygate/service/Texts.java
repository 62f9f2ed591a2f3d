package io.keygate.service;

/**
 * What text every database keygate supports can store: no NUL character (PostgreSQL refuses it in text) and no
 * unpaired surrogate (malformed UTF-16: PostgreSQL stores it as {@code ?}, MariaDB refuses it). keygate's services
 * refuse such text with a {@link ValidationException} naming the field before any database sees it; applications
 * reuse the rule for their own fields.
 */
public final class Texts {

    /** The rule in words, for error messages. */
    public static final String STORABLE_RULE = "must not contain NUL characters or unpaired surrogates";

    private Texts() {
    }

    /** True when {@code value} is null or holds no NUL character and no unpaired surrogate. */
    public static boolean storable(String value) {
        return value == null || firstProblem(value) == null;
    }

    /** What is wrong with {@code value} in words, or null when it is storable. */
    static String firstProblem(String value) {
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c == '\0') {
                return "must not contain NUL characters (U+0000)";
            }
            boolean pair = Character.isHighSurrogate(c) && i + 1 < value.length()
                    && Character.isLowSurrogate(value.charAt(i + 1));
            if (pair) {
                i++;
            } else if (Character.isSurrogate(c)) {
                return "must not contain unpaired surrogates (malformed UTF-16)";
            }
        }
        return null;
    }

    /** The length a user counts: code points, not UTF-16 units (an emoji is one). */
    public static int length(String value) {
        return value == null ? 0 : value.codePointCount(0, value.length());
    }
}
