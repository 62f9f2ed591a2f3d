package io.keygate.keys;

import java.util.regex.Pattern;

/**
 * The syntax of every identifier keygate stores or takes in a URL: key, organization, team, owner, service account,
 * restriction ids. Stated once here; services validate with it and applications may reuse it for their own ids.
 */
public final class Ids {

    public static final int MAX_LENGTH = 64;
    /** 1..64 of letters, digits and {@code _ - . @}. */
    public static final Pattern RULE = Pattern.compile("[A-Za-z0-9_.@-]{1," + MAX_LENGTH + "}");
    /** The rule in words, for error messages. */
    public static final String RULE_TEXT = "1.." + MAX_LENGTH + " characters, only letters, digits and _ - . @";

    private Ids() {
    }

    /** True when {@code value} is a well-formed identifier. */
    public static boolean isValid(String value) {
        if (value == null || value.isEmpty() || value.length() > MAX_LENGTH) {
            return false;
        }
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (!(Base62.isDigit(c) || c == '_' || c == '-' || c == '.' || c == '@')) {
                return false;
            }
        }
        return true;
    }
}
