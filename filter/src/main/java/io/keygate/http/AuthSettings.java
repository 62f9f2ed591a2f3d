package io.keygate.http;

import io.keygate.limit.Limit;
import io.keygate.limit.RateLimitScope;
import io.keygate.verify.EngineSettings;
import io.keygate.verify.PathPattern;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;

import static io.keygate.verify.EngineSettings.invalid;

/**
 * The filter's configuration: the engine's {@link EngineSettings} and the HTTP side's {@link HttpSettings},
 * read from flat init-params ({@link #fromInitParams(Map)}) or built with the flat {@link #builder()}. Immutable;
 * both parts are validated when constructed. A bad or unknown parameter is an {@link IllegalArgumentException}
 * whose message names the parameter, the value and the rule; the filter turns it into a failed deployment.
 *
 * <p>Every init-param, its default and its meaning is listed in the README; the names are the constants below.
 */
public record AuthSettings(EngineSettings engine, HttpSettings http) {

    public static final String REALM = HttpSettings.REALM;
    public static final String EXCLUDE_PATHS = HttpSettings.EXCLUDE_PATHS;
    public static final String KEY_QUERY_PARAMS = HttpSettings.KEY_QUERY_PARAMS;
    public static final String FAILED_AUTH_LIMIT = EngineSettings.FAILED_AUTH_LIMIT;
    public static final String FAILED_AUTH_MAX_CLIENTS = EngineSettings.FAILED_AUTH_MAX_CLIENTS;
    public static final String CACHE_MAX_SIZE = EngineSettings.CACHE_MAX_SIZE;
    public static final String CACHE_TTL_SECONDS = EngineSettings.CACHE_TTL_SECONDS;
    public static final String NEGATIVE_CACHE_MAX_SIZE = EngineSettings.NEGATIVE_CACHE_MAX_SIZE;
    public static final String NEGATIVE_CACHE_TTL_SECONDS = EngineSettings.NEGATIVE_CACHE_TTL_SECONDS;
    public static final String STALE_IF_ERROR_SECONDS = EngineSettings.STALE_IF_ERROR_SECONDS;
    public static final String EXPIRED_AS_INVALID = HttpSettings.EXPIRED_AS_INVALID;
    public static final String ADMIN_PATHS = EngineSettings.ADMIN_PATHS;
    public static final String READ_PATHS = EngineSettings.READ_PATHS;
    public static final String RESTRICTIONS = EngineSettings.RESTRICTIONS;
    public static final String READ_METHODS = EngineSettings.READ_METHODS;
    public static final String RATE_LIMIT_HEADERS = HttpSettings.RATE_LIMIT_HEADERS;
    public static final String RATE_LIMIT_SCOPE = EngineSettings.RATE_LIMIT_SCOPE;
    public static final String PROBLEM_JSON = HttpSettings.PROBLEM_JSON;
    public static final String HIDE_AUTHORIZATION_HEADER = HttpSettings.HIDE_AUTHORIZATION_HEADER;
    public static final String LAST_USED_FLUSH_SECONDS = EngineSettings.LAST_USED_FLUSH_SECONDS;
    public static final String LAST_USED_MAX_PENDING = EngineSettings.LAST_USED_MAX_PENDING;
    public static final String UNAVAILABLE_RETRY_AFTER_SECONDS = EngineSettings.UNAVAILABLE_RETRY_AFTER_SECONDS;
    public static final String CLIENT_ADDRESS_HEADER = HttpSettings.CLIENT_ADDRESS_HEADER;
    public static final String USAGE_FLUSH_SECONDS = EngineSettings.USAGE_FLUSH_SECONDS;
    public static final String USAGE_MAX_PENDING = EngineSettings.USAGE_MAX_PENDING;

    /** Every init-param this filter understands. */
    public static final Set<String> PARAMETERS;

    static {
        TreeSet<String> all = new TreeSet<>(EngineSettings.PARAMETERS);
        all.addAll(HttpSettings.PARAMETERS);
        PARAMETERS = Collections.unmodifiableSet(all);
    }

    /** Upper bound of every duration parameter and of the failed-auth window: one year ({@link Limit#MAX_SECONDS}). */
    public static final long MAX_SECONDS = Limit.MAX_SECONDS;

    public AuthSettings {
        Objects.requireNonNull(engine, "engine cannot be null");
        Objects.requireNonNull(http, "http cannot be null");
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
                case EXCLUDE_PATHS -> b.excludePaths(list(value));
                case KEY_QUERY_PARAMS -> b.keyQueryParams(list(value));
                case FAILED_AUTH_LIMIT -> b.failedAuthLimit(limit(name, value));
                case FAILED_AUTH_MAX_CLIENTS -> b.failedAuthMaxClients(positive(name, value));
                case CACHE_MAX_SIZE -> b.cacheMaxSize(positive(name, value));
                case CACHE_TTL_SECONDS -> b.cacheTtl(Duration.ofSeconds(positive(name, value)));
                case NEGATIVE_CACHE_MAX_SIZE -> b.negativeCacheMaxSize(positive(name, value));
                case NEGATIVE_CACHE_TTL_SECONDS -> b.negativeCacheTtl(Duration.ofSeconds(nonNegative(name, value)));
                case STALE_IF_ERROR_SECONDS -> b.staleIfError(Duration.ofSeconds(nonNegative(name, value)));
                case EXPIRED_AS_INVALID -> b.expiredAsInvalid(bool(name, value));
                case ADMIN_PATHS -> b.adminPaths(list(value));
                case READ_PATHS -> b.readPaths(list(value));
                case RESTRICTIONS -> restrictions(value, b);
                case READ_METHODS -> b.readMethods(list(value));
                case RATE_LIMIT_HEADERS -> {
                    HeaderDialect d = HeaderDialect.fromParam(value);
                    if (d == null) {
                        throw invalid(name, value, "it must be one of epoch, x-iso, ietf, none");
                    }
                    b.rateLimitHeaders(d);
                }
                case RATE_LIMIT_SCOPE -> {
                    RateLimitScope s = RateLimitScope.fromParam(value);
                    if (s == null) {
                        throw invalid(name, value, "it must be one of key, organization");
                    }
                    b.rateLimitScope(s);
                }
                case PROBLEM_JSON -> b.problemJson(bool(name, value));
                case HIDE_AUTHORIZATION_HEADER -> b.hideAuthorizationHeader(bool(name, value));
                case LAST_USED_FLUSH_SECONDS -> b.lastUsedFlushInterval(Duration.ofSeconds(positive(name, value)));
                case LAST_USED_MAX_PENDING -> b.lastUsedMaxPending((int) Math.min(Integer.MAX_VALUE, positive(name, value)));
                case UNAVAILABLE_RETRY_AFTER_SECONDS -> b.unavailableRetryAfterSeconds(positive(name, value));
                case CLIENT_ADDRESS_HEADER -> b.clientAddressHeader(value.isEmpty() ? null : value);
                case USAGE_FLUSH_SECONDS -> b.usageFlushInterval(Duration.ofSeconds(positive(name, value)));
                case USAGE_MAX_PENDING -> b.usageMaxPending((int) Math.min(Integer.MAX_VALUE, positive(name, value)));
                default -> throw new IllegalArgumentException("unknown init-param '" + name
                        + "': ApiKeyAuthFilter understands " + String.join(", ", PARAMETERS));
            }
        }
        return b.build();
    }

    // flat accessors, as before the split into engine and HTTP settings

    public String realm() {
        return http.realm();
    }

    public List<PathPattern> excludePaths() {
        return http.excludePaths();
    }

    public Set<String> keyQueryParams() {
        return http.keyQueryParams();
    }

    public Limit failedAuthLimit() {
        return engine.failedAuthLimit();
    }

    public long failedAuthMaxClients() {
        return engine.failedAuthMaxClients();
    }

    public long cacheMaxSize() {
        return engine.cacheMaxSize();
    }

    public Duration cacheTtl() {
        return engine.cacheTtl();
    }

    public long negativeCacheMaxSize() {
        return engine.negativeCacheMaxSize();
    }

    public Duration negativeCacheTtl() {
        return engine.negativeCacheTtl();
    }

    public Duration staleIfError() {
        return engine.staleIfError();
    }

    public boolean expiredAsInvalid() {
        return http.expiredAsInvalid();
    }

    public List<PathPattern> adminPaths() {
        return engine.adminPaths();
    }

    public List<PathPattern> readPaths() {
        return engine.readPaths();
    }

    public Map<String, PathPattern> restrictions() {
        return engine.restrictions();
    }

    public Set<String> readMethods() {
        return engine.readMethods();
    }

    public HeaderDialect rateLimitHeaders() {
        return http.rateLimitHeaders();
    }

    public RateLimitScope rateLimitScope() {
        return engine.rateLimitScope();
    }

    public boolean problemJson() {
        return http.problemJson();
    }

    public boolean hideAuthorizationHeader() {
        return http.hideAuthorizationHeader();
    }

    public Duration lastUsedFlushInterval() {
        return engine.lastUsedFlushInterval();
    }

    public int lastUsedMaxPending() {
        return engine.lastUsedMaxPending();
    }

    public long unavailableRetryAfterSeconds() {
        return engine.unavailableRetryAfterSeconds();
    }

    public String clientAddressHeader() {
        return http.clientAddressHeader();
    }

    public Duration usageFlushInterval() {
        return engine.usageFlushInterval();
    }

    public int usageMaxPending() {
        return engine.usageMaxPending();
    }

    private static void restrictions(String value, Builder b) {
        for (String entry : value.split("[;,\\s]+")) {
            if (entry.isEmpty()) {
                continue;
            }
            int eq = entry.indexOf('=');
            if (eq <= 0) {
                throw invalid(RESTRICTIONS, value, "each entry must be type=/path/template/{id}/** ");
            }
            b.restriction(entry.substring(0, eq).trim(), entry.substring(eq + 1).trim());
        }
    }

    private static String[] list(String value) {
        List<String> out = new ArrayList<>();
        for (String s : value.split("[,\\s]+")) {
            if (!s.isEmpty()) {
                out.add(s);
            }
        }
        return out.toArray(String[]::new);
    }

    private static long positive(String name, String value) {
        long v = number(name, value);
        if (v < 1) {
            throw invalid(name, value, "it must be a whole number of at least 1");
        }
        return v;
    }

    private static long nonNegative(String name, String value) {
        long v = number(name, value);
        if (v < 0) {
            throw invalid(name, value, "it must be a whole number of at least 0");
        }
        return v;
    }

    private static long number(String name, String value) {
        try {
            return Long.parseLong(value);
        } catch (NumberFormatException e) {
            throw invalid(name, value, "it must be a whole number");
        }
    }

    private static boolean bool(String name, String value) {
        return switch (value.toLowerCase(Locale.ROOT)) {
            case "true" -> true;
            case "false" -> false;
            default -> throw invalid(name, value, "it must be true or false");
        };
    }

    private static Limit limit(String name, String value) {
        try {
            return Limit.parse(value);
        } catch (IllegalArgumentException e) {
            throw invalid(name, value, "it must be N/W: N failures per W seconds, both at least 1, e.g. 30/60");
        }
    }

    /**
     * The flat builder: one method per init-param (camelCase), documented defaults, each value checked at once.
     * It fills an {@link EngineSettings.Builder} and an {@link HttpSettings.Builder}.
     */
    public static final class Builder {
        private final EngineSettings.Builder engine = EngineSettings.builder();
        private final HttpSettings.Builder http = HttpSettings.builder();

        private Builder() {
        }

        /** {@code realm} in {@code WWW-Authenticate}. Default {@code api}. */
        public Builder realm(String realm) {
            http.realm(realm);
            return this;
        }

        /** Paths that pass through without authentication (e.g. {@code /health}, {@code /public/**}). */
        public Builder excludePaths(String... patterns) {
            http.excludePaths(patterns);
            return this;
        }

        /** Query parameter names that carry a key by mistake; such a request gets 400. */
        public Builder keyQueryParams(String... names) {
            http.keyQueryParams(names);
            return this;
        }

        /** Failed authentications allowed per client address per window before 429. Default 30/60. */
        public Builder failedAuthLimit(Limit limit) {
            engine.failedAuthLimit(limit);
            return this;
        }

        public Builder failedAuthMaxClients(long max) {
            engine.failedAuthMaxClients(max);
            return this;
        }

        public Builder cacheMaxSize(long max) {
            engine.cacheMaxSize(max);
            return this;
        }

        public Builder cacheTtl(Duration ttl) {
            engine.cacheTtl(ttl);
            return this;
        }

        public Builder negativeCacheMaxSize(long max) {
            engine.negativeCacheMaxSize(max);
            return this;
        }

        public Builder negativeCacheTtl(Duration ttl) {
            engine.negativeCacheTtl(ttl);
            return this;
        }

        /** How long after the cache TTL a verified key keeps working while the store is unreachable. */
        public Builder staleIfError(Duration window) {
            engine.staleIfError(window);
            return this;
        }

        public Builder expiredAsInvalid(boolean value) {
            http.expiredAsInvalid(value);
            return this;
        }

        /** Paths that need the {@code admin} permission. */
        public Builder adminPaths(String... patterns) {
            engine.adminPaths(patterns);
            return this;
        }

        /** Paths whose requests need only {@code read}, whatever their method (admin paths still need admin). */
        public Builder readPaths(String... patterns) {
            engine.readPaths(patterns);
            return this;
        }

        /**
         * A restriction type and the path template that carries the restricted id, e.g.
         * {@code restriction("workflow", "/developer/api/workflows/{id}/**")}.
         */
        public Builder restriction(String type, String template) {
            engine.restriction(type, template);
            return this;
        }

        /** Methods that need only {@code read}; all others need {@code write}. Default GET, HEAD, OPTIONS. */
        public Builder readMethods(String... methods) {
            engine.readMethods(methods);
            return this;
        }

        public Builder rateLimitHeaders(HeaderDialect dialect) {
            http.rateLimitHeaders(dialect);
            return this;
        }

        public Builder rateLimitScope(RateLimitScope scope) {
            engine.rateLimitScope(scope);
            return this;
        }

        /** Answer errors as RFC 9457 {@code application/problem+json}. */
        public Builder problemJson(boolean value) {
            http.problemJson(value);
            return this;
        }

        /** Hide the {@code Authorization} header from the application (default true). */
        public Builder hideAuthorizationHeader(boolean value) {
            http.hideAuthorizationHeader(value);
            return this;
        }

        public Builder lastUsedFlushInterval(Duration interval) {
            engine.lastUsedFlushInterval(interval);
            return this;
        }

        public Builder lastUsedMaxPending(int max) {
            engine.lastUsedMaxPending(max);
            return this;
        }

        public Builder unavailableRetryAfterSeconds(long seconds) {
            engine.unavailableRetryAfterSeconds(seconds);
            return this;
        }

        /**
         * Header with the client address set by a trusted reverse proxy (e.g. {@code X-Forwarded-For}; its last
         * entry is used). Leave unset unless every request passes such a proxy: clients can forge it otherwise.
         */
        public Builder clientAddressHeader(String header) {
            http.clientAddressHeader(header);
            return this;
        }

        /** Write-behind interval of per-key usage (when the {@code Keygate} has a usage store). Default 5 s. */
        public Builder usageFlushInterval(Duration interval) {
            engine.usageFlushInterval(interval);
            return this;
        }

        /** Keys whose usage waits to be written; requests of more keys are dropped and counted. Default 100,000. */
        public Builder usageMaxPending(int max) {
            engine.usageMaxPending(max);
            return this;
        }

        public AuthSettings build() {
            return new AuthSettings(engine.build(), http.build());
        }
    }
}
