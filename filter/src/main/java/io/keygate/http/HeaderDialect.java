package io.keygate.http;

/** Which rate-limit headers to send on authenticated responses. */
public enum HeaderDialect {
    /** {@code RateLimit-Limit}, {@code RateLimit-Remaining}, {@code RateLimit-Reset} (Unix seconds). The default. */
    EPOCH("epoch"),
    /** {@code X-RateLimit-Limit}, {@code X-RateLimit-Remaining}, {@code X-RateLimit-Reset} (ISO 8601 UTC). */
    X_ISO("x-iso"),
    /** IETF draft: {@code RateLimit-Policy} and {@code RateLimit}. */
    IETF("ietf"),
    /** No rate-limit headers. */
    NONE("none");

    private final String paramValue;

    HeaderDialect(String paramValue) {
        this.paramValue = paramValue;
    }

    public String paramValue() {
        return paramValue;
    }

    /** The dialect of an init-param value, or null. */
    public static HeaderDialect fromParam(String value) {
        for (HeaderDialect d : values()) {
            if (d.paramValue.equals(value)) {
                return d;
            }
        }
        return null;
    }
}
