package io.keygate.limit;

/** What a plan's limits count: each key on its own (default) or all keys of an organization together. */
public enum RateLimitScope {
    KEY("key"), ORGANIZATION("organization");

    private final String paramValue;

    RateLimitScope(String paramValue) {
        this.paramValue = paramValue;
    }

    public String paramValue() {
        return paramValue;
    }

    public static RateLimitScope fromParam(String value) {
        for (RateLimitScope s : values()) {
            if (s.paramValue.equals(value)) {
                return s;
            }
        }
        return null;
    }
}
