package io.keygate.limit;

/**
 * {@code limit} requests per fixed window of {@code windowSeconds}, windows aligned to multiples of the window
 * since the Unix epoch.
 */
public record Limit(long limit, long windowSeconds) {

    /**
     * One year: the longest window, and the longest duration any keygate setting, cache lifetime or rotation grace
     * accepts. Longer values are mistakes, and near {@code Long.MAX_VALUE} they overflow millisecond arithmetic.
     */
    public static final long MAX_SECONDS = 365L * 24 * 3600;

    public Limit {
        if (limit < 1) {
            throw new IllegalArgumentException(limit + " is wrong value for limit, because it must be at least 1");
        }
        if (windowSeconds < 1) {
            throw new IllegalArgumentException(windowSeconds
                    + " is wrong value for window_seconds, because it must be at least 1");
        }
    }

    /** Parses {@code N/W}, e.g. {@code 60/60} for sixty a minute. */
    public static Limit parse(String text) {
        int slash = text.indexOf('/');
        if (slash < 0) {
            throw new IllegalArgumentException("'" + text + "' is not a limit: write N/W, e.g. 60/60");
        }
        try {
            return new Limit(Long.parseLong(text.substring(0, slash).trim()),
                    Long.parseLong(text.substring(slash + 1).trim()));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("'" + text + "' is not a limit: write N/W, e.g. 60/60");
        }
    }

    @Override
    public String toString() {
        return limit + "/" + windowSeconds + "s";
    }
}
