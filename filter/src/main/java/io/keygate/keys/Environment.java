package io.keygate.keys;

import java.util.Locale;

/** Whether a key acts on live or on test data. */
public enum Environment {
    LIVE, TEST;

    /** The lowercase wire name, {@code live} or {@code test}. */
    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** Parses {@code live} or {@code test}; anything else is an {@link IllegalArgumentException}. */
    public static Environment fromWireName(String value) {
        if ("live".equals(value)) {
            return LIVE;
        }
        if ("test".equals(value)) {
            return TEST;
        }
        throw new IllegalArgumentException("environment must be 'live' or 'test'");
    }
}
