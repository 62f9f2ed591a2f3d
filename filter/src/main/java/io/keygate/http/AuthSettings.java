package io.keygate.http;

import io.keygate.limit.Limit;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Consumer;
import java.util.regex.Pattern;

/**
 * The filter's configuration: immutable, built once by {@link #builder()} or {@link #fromInitParams(Map)}, every
 * value validated when built. A bad or unknown parameter is an {@link IllegalArgumentException} whose message
 * names the parameter, the value and the rule; the filter turns it into a failed deployment.
 *
 * <p>Every init-param, its default and its meaning is listed in the README; the names are the constants below.
 */
public record AuthSettings(
        String realm,
        List<PathPattern> excludePaths,
        Set<String> keyQueryParams,
        Limit failedAuthLimit,
        long failedAuthMaxClients,
        long cacheMaxSize,
        Duration cacheTtl,
        long negativeCacheMaxSize,
        Duration negativeCacheTtl,
        Duration staleIfError,
        boolean expiredAsInvalid,
        List<PathPattern> adminPaths,
        Map<String, PathPattern> restrictions,
        Set<String> readMethods,
        HeaderDialect rateLimitHeaders,
        RateLimitScope rateLimitScope,
        boolean problemJson,
        boolean hideAuthorizationHeader,
        Duration lastUsedFlushInterval,
        int lastUsedMaxPending,
        long unavailableRetryAfterSeconds,
        String clientAddressHeader) {

    public static final String REALM = "realm";
    public static final String EXCLUDE_PATHS = "exclude-paths";
    public static final String KEY_QUERY_PARAMS = "key-query-params";
    public static final String FAILED_AUTH_LIMIT = "failed-auth-limit";
    public static final String FAILED_AUTH_MAX_CLIENTS = "failed-auth-max-clients";
    public static final String CACHE_MAX_SIZE = "cache-max-size";
    public static final String CACHE_TTL_SECONDS = "cache-ttl-seconds";
    public static final String NEGATIVE_CACHE_MAX_SIZE = "negative-cache-max-size";
    public static final String NEGATIVE_CACHE_TTL_SECONDS = "negative-cache-ttl-seconds";
    public static final String STALE_IF_ERROR_SECONDS = "stale-if-error-seconds";
    public static final String EXPIRED_AS_INVALID = "expired-as-invalid";
    public static final String ADMIN_PATHS = "admin-paths";
    public static final String RESTRICTIONS = "restrictions";
    public static final String READ_METHODS = "read-methods";
    public static final String RATE_LIMIT_HEADERS = "rate-limit-headers";
    public static final String RATE_LIMIT_SCOPE = "rate-limit-scope";
    public static final String PROBLEM_JSON = "problem-json";
    public static final String HIDE_AUTHORIZATION_HEADER = "hide-authorization-header";
    public static final String LAST_USED_FLUSH_SECONDS = "last-used-flush-seconds";
    public static final String LAST_USED_MAX_PENDING = "last-used-max-pending";
    public static final String UNAVAILABLE_RETRY_AFTER_SECONDS = "unavailable-retry-after-seconds";
    public static final String CLIENT_ADDRESS_HEADER = "client-address-header";

    /** Every init-param this filter understands. */
    public static final Set<String> PARAMETERS = Collections.unmodifiableSet(new TreeSet<>(List.of(
            REALM, EXCLUDE_PATHS, KEY_QUERY_PARAMS, FAILED_AUTH_LIMIT, FAILED_AUTH_MAX_CLIENTS, CACHE_MAX_SIZE,
            CACHE_TTL_SECONDS, NEGATIVE_CACHE_MAX_SIZE, NEGATIVE_CACHE_TTL_SECONDS, STALE_IF_ERROR_SECONDS,
            EXPIRED_AS_INVALID, ADMIN_PATHS, RESTRICTIONS, READ_METHODS, RATE_LIMIT_HEADERS, RATE_LIMIT_SCOPE,
            PROBLEM_JSON, HIDE_AUTHORIZATION_HEADER, LAST_USED_FLUSH_SECONDS, LAST_USED_MAX_PENDING,
            UNAVAILABLE_RETRY_AFTER_SECONDS, CLIENT_ADDRESS_HEADER)));

    /**
     * Upper bound of every duration parameter and of the failed-auth window: one year. Larger values would
     * overflow the caches' and schedulers' millisecond arithmetic at init instead of failing with a clear message.
     */
    public static final long MAX_SECONDS = 365L * 24 * 3600;

    private static final Pattern REALM_RULE = Pattern.compile("[\\x20-\\x7E&&[^\"\\\\]]{1,64}");
    private static final Pattern TOKEN_RULE = Pattern.compile("[A-Za-z0-9_.-]{1,64}");
    private static final Pattern HEADER_RULE = Pattern.compile("[A-Za-z0-9-]{1,64}");
    private static final Pattern METHOD_RULE = Pattern.compile("[A-Z]{1,16}");

    public AuthSettings {
        excludePaths = List.copyOf(excludePaths);
        keyQueryParams = Collections.unmodifiableSet(new LinkedHashSet<>(keyQueryParams));
        adminPaths = List.copyOf(adminPaths);
        restrictions = Collections.unmodifiableMap(new LinkedHashMap<>(restrictions));
        readMethods = Set.copyOf(readMethods);
    }

    public static Builder builder() {
        return new Builder();
    }

    public static AuthSettings defaults() {
        return builder().build();
    }

    /**
     * Reads filter init-params. Missing ones keep their defaults; unknown ones are rejected.
     *
     * @throws IllegalArgumentException naming the parameter, the value and the rule
     */
    public static AuthSettings fromInitParams(Map<String, String> params) {
        Builder b = builder();
        for (Map.Entry<String, String> e : params.entrySet()) {
            String name = e.getKey();
            String value = e.getValue() == null ? "" : e.getValue().trim();
            switch (name) {
                case REALM -> b.realm(value);
                case EXCLUDE_PATHS -> b.excludePaths(list(value).toArray(String[]::new));
                case KEY_QUERY_PARAMS -> b.keyQueryParams(list(value).toArray(String[]::new));
                case FAILED_AUTH_LIMIT -> b.failedAuthLimit(limit(name, value));
                case FAILED_AUTH_MAX_CLIENTS -> b.failedAuthMaxClients(positive(name, value));
                case CACHE_MAX_SIZE -> b.cacheMaxSize(positive(name, value));
                case CACHE_TTL_SECONDS -> b.cacheTtl(Duration.ofSeconds(positive(name, value)));
                case NEGATIVE_CACHE_MAX_SIZE -> b.negativeCacheMaxSize(positive(name, value));
                case NEGATIVE_CACHE_TTL_SECONDS -> b.negativeCacheTtl(Duration.ofSeconds(nonNegative(name, value)));
                case STALE_IF_ERROR_SECONDS -> b.staleIfError(Duration.ofSeconds(nonNegative(name, value)));
                case EXPIRED_AS_INVALID -> b.expiredAsInvalid(bool(name, value));
                case ADMIN_PATHS -> b.adminPaths(list(value).toArray(String[]::new));
                case RESTRICTIONS -> restrictions(value, b);
                case READ_METHODS -> b.readMethods(list(value).toArray(String[]::new));
                case RATE_LIMIT_HEADERS -> {
                    HeaderDialect d = HeaderDialect.fromParam(value);
                    if (d == null) {
                        throw wrong(name, value, "it must be one of epoch, x-iso, ietf, none");
                    }
                    b.rateLimitHeaders(d);
                }
                case RATE_LIMIT_SCOPE -> {
                    RateLimitScope s = RateLimitScope.fromParam(value);
                    if (s == null) {
                        throw wrong(name, value, "it must be one of key, organization");
                    }
                    b.rateLimitScope(s);
                }
                case PROBLEM_JSON -> b.problemJson(bool(name, value));
                case HIDE_AUTHORIZATION_HEADER -> b.hideAuthorizationHeader(bool(name, value));
                case LAST_USED_FLUSH_SECONDS -> b.lastUsedFlushInterval(Duration.ofSeconds(positive(name, value)));
                case LAST_USED_MAX_PENDING -> b.lastUsedMaxPending((int) Math.min(Integer.MAX_VALUE, positive(name, value)));
                case UNAVAILABLE_RETRY_AFTER_SECONDS -> b.unavailableRetryAfterSeconds(positive(name, value));
                case CLIENT_ADDRESS_HEADER -> b.clientAddressHeader(value.isEmpty() ? null : value);
                default -> throw new IllegalArgumentException("unknown init-param '" + name
                        + "': ApiKeyAuthFilter understands " + String.join(", ", PARAMETERS));
            }
        }
        return b.build();
    }

    private static void restrictions(String value, Builder b) {
        for (String entry : value.split("[;,\\s]+")) {
            if (entry.isEmpty()) {
                continue;
            }
            int eq = entry.indexOf('=');
            if (eq <= 0) {
                throw wrong(RESTRICTIONS, value, "each entry must be type=/path/template/{id}/** ");
            }
            b.restriction(entry.substring(0, eq).trim(), entry.substring(eq + 1).trim());
        }
    }

    private static List<String> list(String value) {
        List<String> out = new ArrayList<>();
        for (String s : value.split("[,\\s]+")) {
            if (!s.isEmpty()) {
                out.add(s);
            }
        }
        return out;
    }

    private static long positive(String name, String value) {
        long v = number(name, value);
        if (v < 1) {
            throw wrong(name, value, "it must be a whole number of at least 1");
        }
        return v;
    }

    private static long nonNegative(String name, String value) {
        long v = number(name, value);
        if (v < 0) {
            throw wrong(name, value, "it must be a whole number of at least 0");
        }
        return v;
    }

    private static long number(String name, String value) {
        try {
            return Long.parseLong(value);
        } catch (NumberFormatException e) {
            throw wrong(name, value, "it must be a whole number");
        }
    }

    private static boolean bool(String name, String value) {
        return switch (value.toLowerCase(Locale.ROOT)) {
            case "true" -> true;
            case "false" -> false;
            default -> throw wrong(name, value, "it must be true or false");
        };
    }

    private static Limit limit(String name, String value) {
        try {
            return Limit.parse(value);
        } catch (IllegalArgumentException e) {
            throw wrong(name, value, "it must be N/W: N failures per W seconds, both at least 1, e.g. 30/60");
        }
    }

    static IllegalArgumentException wrong(String name, Object value, String rule) {
        return new IllegalArgumentException("'" + value + "' is wrong value for " + name + ", because " + rule);
    }

    /** Builder with the documented defaults. */
    public static final class Builder {
        private String realm = "api";
        private final List<PathPattern> excludePaths = new ArrayList<>();
        private Set<String> keyQueryParams = new LinkedHashSet<>(List.of("api_key", "apikey", "access_token"));
        private Limit failedAuthLimit = new Limit(30, 60);
        private long failedAuthMaxClients = 100_000;
        private long cacheMaxSize = 100_000;
        private Duration cacheTtl = Duration.ofSeconds(60);
        private long negativeCacheMaxSize = 100_000;
        private Duration negativeCacheTtl = Duration.ofSeconds(10);
        private Duration staleIfError = Duration.ofSeconds(300);
        private boolean expiredAsInvalid;
        private final List<PathPattern> adminPaths = new ArrayList<>();
        private final Map<String, PathPattern> restrictions = new LinkedHashMap<>();
        private Set<String> readMethods = Set.of("GET", "HEAD", "OPTIONS");
        private HeaderDialect rateLimitHeaders = HeaderDialect.EPOCH;
        private RateLimitScope rateLimitScope = RateLimitScope.KEY;
        private boolean problemJson;
        private boolean hideAuthorizationHeader = true;
        private Duration lastUsedFlushInterval = Duration.ofSeconds(5);
        private int lastUsedMaxPending = 100_000;
        private long unavailableRetryAfterSeconds = 5;
        private String clientAddressHeader;

        private Builder() {
        }

        /** {@code realm} in {@code WWW-Authenticate}. Default {@code api}. */
        public Builder realm(String realm) {
            if (realm == null || !REALM_RULE.matcher(realm).matches()) {
                throw wrong(REALM, realm, "it must be 1..64 printable ASCII characters without quote or backslash");
            }
            this.realm = realm;
            return this;
        }

        /** Paths that pass through without authentication (e.g. {@code /health}, {@code /public/**}). */
        public Builder excludePaths(String... patterns) {
            compileInto(EXCLUDE_PATHS, patterns, excludePaths::add);
            return this;
        }

        /** Query parameter names that carry a key by mistake; such a request gets 400. */
        public Builder keyQueryParams(String... names) {
            Set<String> out = new LinkedHashSet<>();
            for (String n : names) {
                if (!TOKEN_RULE.matcher(n).matches()) {
                    throw wrong(KEY_QUERY_PARAMS, n, "a parameter name must match " + TOKEN_RULE.pattern());
                }
                out.add(n.toLowerCase(Locale.ROOT));
            }
            this.keyQueryParams = out;
            return this;
        }

        /** Failed authentications allowed per client address per window before 429. Default 30/60. */
        public Builder failedAuthLimit(Limit limit) {
            java.util.Objects.requireNonNull(limit, "failedAuthLimit cannot be null");
            if (limit.windowSeconds() > MAX_SECONDS) {
                throw wrong(FAILED_AUTH_LIMIT, limit.limit() + "/" + limit.windowSeconds(),
                        "the window must be at most " + MAX_SECONDS + " seconds (one year)");
            }
            this.failedAuthLimit = limit;
            return this;
        }

        public Builder failedAuthMaxClients(long max) {
            this.failedAuthMaxClients = atLeast(FAILED_AUTH_MAX_CLIENTS, max, 1);
            return this;
        }

        public Builder cacheMaxSize(long max) {
            this.cacheMaxSize = atLeast(CACHE_MAX_SIZE, max, 1);
            return this;
        }

        public Builder cacheTtl(Duration ttl) {
            this.cacheTtl = duration(CACHE_TTL_SECONDS, ttl, 1);
            return this;
        }

        public Builder negativeCacheMaxSize(long max) {
            this.negativeCacheMaxSize = atLeast(NEGATIVE_CACHE_MAX_SIZE, max, 1);
            return this;
        }

        public Builder negativeCacheTtl(Duration ttl) {
            this.negativeCacheTtl = duration(NEGATIVE_CACHE_TTL_SECONDS, ttl, 0);
            return this;
        }

        /** How long after the cache TTL a verified key keeps working while the store is unreachable. */
        public Builder staleIfError(Duration window) {
            this.staleIfError = duration(STALE_IF_ERROR_SECONDS, window, 0);
            return this;
        }

        public Builder expiredAsInvalid(boolean value) {
            this.expiredAsInvalid = value;
            return this;
        }

        /** Paths that need the {@code admin} permission. */
        public Builder adminPaths(String... patterns) {
            compileInto(ADMIN_PATHS, patterns, adminPaths::add);
            return this;
        }

        /**
         * A restriction type and the path template that carries the restricted id, e.g.
         * {@code restriction("workflow", "/developer/api/workflows/{id}/**")}.
         */
        public Builder restriction(String type, String template) {
            if (type == null || !TOKEN_RULE.matcher(type).matches()) {
                throw wrong(RESTRICTIONS, type, "a restriction type must match " + TOKEN_RULE.pattern());
            }
            PathPattern p;
            try {
                p = PathPattern.compile(template);
            } catch (IllegalArgumentException e) {
                throw wrong(RESTRICTIONS, type + "=" + template, withoutPatternEcho(e));
            }
            if (!template.contains("{")) {
                throw wrong(RESTRICTIONS, type + "=" + template, "the template must capture the id with {name}");
            }
            restrictions.put(type, p);
            return this;
        }

        /** Methods that need only {@code read}; all others need {@code write}. Default GET, HEAD, OPTIONS. */
        public Builder readMethods(String... methods) {
            Set<String> out = new LinkedHashSet<>();
            for (String m : methods) {
                if (!METHOD_RULE.matcher(m).matches()) {
                    throw wrong(READ_METHODS, m, "a method must be 1..16 uppercase letters");
                }
                out.add(m);
            }
            this.readMethods = out;
            return this;
        }

        public Builder rateLimitHeaders(HeaderDialect dialect) {
            this.rateLimitHeaders = java.util.Objects.requireNonNull(dialect, "rateLimitHeaders cannot be null");
            return this;
        }

        public Builder rateLimitScope(RateLimitScope scope) {
            this.rateLimitScope = java.util.Objects.requireNonNull(scope, "rateLimitScope cannot be null");
            return this;
        }

        /** Answer errors as RFC 9457 {@code application/problem+json}. */
        public Builder problemJson(boolean value) {
            this.problemJson = value;
            return this;
        }

        /** Hide the {@code Authorization} header from the application (default true). */
        public Builder hideAuthorizationHeader(boolean value) {
            this.hideAuthorizationHeader = value;
            return this;
        }

        public Builder lastUsedFlushInterval(Duration interval) {
            this.lastUsedFlushInterval = duration(LAST_USED_FLUSH_SECONDS, interval, 1);
            return this;
        }

        public Builder lastUsedMaxPending(int max) {
            this.lastUsedMaxPending = (int) atLeast(LAST_USED_MAX_PENDING, max, 1);
            return this;
        }

        public Builder unavailableRetryAfterSeconds(long seconds) {
            this.unavailableRetryAfterSeconds = atLeast(UNAVAILABLE_RETRY_AFTER_SECONDS, seconds, 1);
            return this;
        }

        /**
         * Header with the client address set by a trusted reverse proxy (e.g. {@code X-Forwarded-For}; its last
         * entry is used). Leave unset unless every request passes such a proxy: clients can forge it otherwise.
         */
        public Builder clientAddressHeader(String header) {
            if (header != null && !HEADER_RULE.matcher(header).matches()) {
                throw wrong(CLIENT_ADDRESS_HEADER, header, "a header name must match " + HEADER_RULE.pattern());
            }
            this.clientAddressHeader = header;
            return this;
        }

        public AuthSettings build() {
            return new AuthSettings(realm, excludePaths, keyQueryParams, failedAuthLimit, failedAuthMaxClients,
                    cacheMaxSize, cacheTtl, negativeCacheMaxSize, negativeCacheTtl, staleIfError, expiredAsInvalid,
                    adminPaths, restrictions, readMethods, rateLimitHeaders, rateLimitScope, problemJson,
                    hideAuthorizationHeader, lastUsedFlushInterval, lastUsedMaxPending, unavailableRetryAfterSeconds,
                    clientAddressHeader);
        }

        private static void compileInto(String param, String[] patterns, Consumer<PathPattern> sink) {
            for (String p : patterns) {
                try {
                    sink.accept(PathPattern.compile(p));
                } catch (IllegalArgumentException e) {
                    throw wrong(param, p, withoutPatternEcho(e));
                }
            }
        }

        /** PathPattern's rule without its own "'p' is not a path pattern, because" lead (the caller quotes p). */
        private static String withoutPatternEcho(IllegalArgumentException e) {
            return e.getMessage().replaceFirst("^'.*?' is not a path pattern, because ", "");
        }

        private static long atLeast(String name, long value, long min) {
            if (value < min) {
                throw wrong(name, value, "it must be at least " + min);
            }
            return value;
        }

        private static Duration duration(String name, Duration d, long minSeconds) {
            if (d == null || d.getSeconds() < minSeconds || d.isNegative()) {
                throw wrong(name, d == null ? null : d.getSeconds(), "it must be at least " + minSeconds + " seconds");
            }
            if (d.getSeconds() > MAX_SECONDS) {
                throw wrong(name, d.getSeconds(), "it must be at most " + MAX_SECONDS + " seconds (one year)");
            }
            return d;
        }
    }
}
