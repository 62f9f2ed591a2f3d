package io.keygate.keys;

/**
 * A freshly generated key. It holds the plaintext, which must only ever reach the create/rotate response;
 * {@link #toString()} therefore shows the redacted form only.
 */
public final class GeneratedKey {

    private final String plaintext;
    private final String prefix;
    private final Environment environment;
    private final String hash;

    GeneratedKey(String plaintext, String prefix, Environment environment, String hash) {
        this.plaintext = plaintext;
        this.prefix = prefix;
        this.environment = environment;
        this.hash = hash;
    }

    /** The secret. Show it once to its owner; never log or store it. */
    public String plaintext() {
        return plaintext;
    }

    public String prefix() {
        return prefix;
    }

    public Environment environment() {
        return environment;
    }

    /** SHA-256 hex of the key. */
    public String hash() {
        return hash;
    }

    /** The first 4 body characters. */
    public String start4() {
        return plaintext.substring(prefix.length(), prefix.length() + 4);
    }

    /** The last 4 key characters. */
    public String end4() {
        return plaintext.substring(plaintext.length() - 4);
    }

    public String redacted() {
        return KeyFormat.redact(prefix, start4(), end4());
    }

    @Override
    public String toString() {
        return "GeneratedKey[" + redacted() + "]";
    }
}
