package io.keygate.verify;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * A path pattern over segments: literal segments, {@code *} (exactly one segment), {@code {name}} (one segment,
 * captured) and a trailing {@code **} (zero or more segments). Examples: {@code /metrics},
 * {@code /admin/api/**}, {@code /developer/api/workflows/{id}/**}. Matching is on the path inside the
 * application (servlet path + path info, already decoded and normalized by the container). Immutable.
 */
public final class PathPattern {

    private final String source;
    private final String[] segments;
    private final boolean trailingWildcard;
    private final int captureIndex;

    private PathPattern(String source, String[] segments, boolean trailingWildcard, int captureIndex) {
        this.source = source;
        this.segments = segments;
        this.trailingWildcard = trailingWildcard;
        this.captureIndex = captureIndex;
    }

    /**
     * @throws IllegalArgumentException naming the rule when the pattern is not of this syntax
     */
    public static PathPattern compile(String pattern) {
        Objects.requireNonNull(pattern, "pattern cannot be null");
        if (!pattern.startsWith("/")) {
            throw new IllegalArgumentException("'" + pattern + "' is not a path pattern, because it must start with /");
        }
        List<String> parts = split(pattern);
        boolean trailing = false;
        if (!parts.isEmpty() && parts.get(parts.size() - 1).equals("**")) {
            trailing = true;
            parts.remove(parts.size() - 1);
        }
        int capture = -1;
        for (int i = 0; i < parts.size(); i++) {
            String p = parts.get(i);
            if (p.equals("**")) {
                throw new IllegalArgumentException("'" + pattern + "' is not a path pattern, because ** may only end it");
            }
            if (p.startsWith("{")) {
                if (!p.endsWith("}") || p.length() < 3) {
                    throw new IllegalArgumentException("'" + pattern + "' is not a path pattern, because '" + p
                            + "' must be {name}");
                }
                if (capture >= 0) {
                    throw new IllegalArgumentException("'" + pattern + "' is not a path pattern, because it may capture one {name} only");
                }
                capture = i;
            }
        }
        return new PathPattern(pattern, parts.toArray(new String[0]), trailing, capture);
    }

    /** The rule a pattern broke, without the {@code "'p' is not a path pattern, because "} lead of its message. */
    public static String rule(IllegalArgumentException e) {
        return e.getMessage().replaceFirst("^'.*?' is not a path pattern, because ", "");
    }

    /** True when the pattern captures a segment with {@code {name}} (as a restriction template must). */
    public boolean captures() {
        return captureIndex >= 0;
    }

    /** True when the path matches. */
    public boolean matches(String path) {
        return match(path) != null;
    }

    /**
     * Matches and returns the captured segment ({@code ""} when the pattern captures nothing), or {@code null} when
     * the path does not match.
     */
    public String match(String path) {
        if (path == null) {
            return null;
        }
        int pos = path.startsWith("/") ? 1 : 0;
        String captured = "";
        for (int i = 0; i < segments.length; i++) {
            if (pos > path.length()) {
                return null;
            }
            int end = path.indexOf('/', pos);
            if (end < 0) {
                end = path.length();
            }
            String expected = segments[i];
            int len = end - pos;
            if (i == captureIndex) {
                if (len == 0) {
                    return null;
                }
                captured = path.substring(pos, end);
            } else if (expected.equals("*")) {
                if (len == 0) {
                    return null;
                }
            } else if (len != expected.length() || !path.regionMatches(pos, expected, 0, len)) {
                return null;
            }
            pos = end + 1;
        }
        if (trailingWildcard) {
            return captured;
        }
        // all of the path must be consumed (a single trailing slash is tolerated)
        return pos >= path.length() ? captured : null;
    }

    private static List<String> split(String pattern) {
        List<String> parts = new ArrayList<>();
        for (String s : pattern.substring(1).split("/", -1)) {
            if (!s.isEmpty()) {
                parts.add(s);
            }
        }
        return parts;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof PathPattern p && p.source.equals(source);
    }

    @Override
    public int hashCode() {
        return source.hashCode();
    }

    @Override
    public String toString() {
        return source;
    }
}
