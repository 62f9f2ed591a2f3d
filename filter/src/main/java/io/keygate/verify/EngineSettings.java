package io.keygate.verify;

import io.keygate.limit.Limit;
import io.keygate.limit.RateLimitScope;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The engine's settings: caches, the failed-authentication limit, authorization rules, rate-limit scope and the
 * last-used write-behind. Immutable; every component is checked in the compact constructor, so no invalid
 * instance can exist. A bad value is an {@link IllegalArgumentException} whose message names the parameter (the
 * filter's init-param name), the value and the rule. Build with {@link #builder()}; the servlet filter reads the
 * same values from flat init-params through {@code io.keygate.http.AuthSettings}.
 */
public record EngineSettings(
        Limit failedAuthLimit,
        long failedAuthMaxClients,
        long cacheMaxSize,
        Duration cacheTtl,
        long negativeCacheMaxSize,
        Duration negativeCacheTtl,
        Duration staleIfError,
        List<PathPattern> adminPaths,
        List<PathPattern> readPaths,
        Map<String, PathPattern> restrictions,
        Set<String> readMethods,
        RateLimitScope rateLimitScope,
        Duration lastUsedFlushInterval,
        int lastUsedMaxPending,
        long unavailableRetryAfterSeconds,
        Duration usageFlushInterval,
        int usageMaxPending) {

    public static final String FAILED_AUTH_LIMIT = "failed-auth-limit";
    public static final String FAILED_AUTH_MAX_CLIENTS = "failed-auth-max-clients";
    public static final String CACHE_MAX_SIZE = "cache-max-size";
    public static final String CACHE_TTL_SECONDS = "cache-ttl-seconds";
    public static final String NEGATIVE_CACHE_MAX_SIZE = "negative-cache-max-size";
    public static final String NEGATIVE_CACHE_TTL_SECONDS = "negative-cache-ttl-seconds";
    public static final String STALE_IF_ERROR_SECONDS = "stale-if-error-seconds";
    public static final String ADMIN_PATHS = "admin-paths";
    public static final String READ_PATHS = "read-paths";
    public static final String RESTRICTIONS = "restrictions";
    public static final String READ_METHODS = "read-methods";
    public static final String RATE_LIMIT_SCOPE = "rate-limit-scope";
    public static final String LAST_USED_FLUSH_SECONDS = "last-used-flush-seconds";
    public static final String LAST_USED_MAX_PENDING = "last-used-max-pending";
    public static final String UNAVAILABLE_RETRY_AFTER_SECONDS = "unavailable-retry-after-seconds";
    public static final String USAGE_FLUSH_SECONDS = "usage-flush-seconds";
    public static final String USAGE_MAX_PENDING = "usage-max-pending";

    /** Every parameter of the engine. */
    public static final Set<String> PARAMETERS = Set.of(FAILED_AUTH_LIMIT, FAILED_AUTH_MAX_CLIENTS, CACHE_MAX_SIZE,
            CACHE_TTL_SECONDS, NEGATIVE_CACHE_MAX_SIZE, NEGATIVE_CACHE_TTL_SECONDS, STALE_IF_ERROR_SECONDS,
            ADMIN_PATHS, READ_PATHS, RESTRICTIONS, READ_METHODS, RATE_LIMIT_SCOPE, LAST_USED_FLUSH_SECONDS, LAST_USED_MAX_PENDING,
            UNAVAILABLE_RETRY_AFTER_SECONDS, USAGE_FLUSH_SECONDS, USAGE_MAX_PENDING);

    /** Names: restriction types and query parameter names. */
    public static final Pattern NAME_RULE = Pattern.compile("[A-Za-z0-9_.-]{1,64}");
    static final Pattern METHOD_RULE = Pattern.compile("[A-Z]{1,16}");

    public EngineSettings {
        checkFailedAuthLimit(failedAuthLimit);
        atLeast(FAILED_AUTH_MAX_CLIENTS, failedAuthMaxClients, 1);
        atLeast(CACHE_MAX_SIZE, cacheMaxSize, 1);
        duration(CACHE_TTL_SECONDS, cacheTtl, 1);
        atLeast(NEGATIVE_CACHE_MAX_SIZE, negativeCacheMaxSize, 1);
        duration(NEGATIVE_CACHE_TTL_SECONDS, negativeCacheTtl, 0);
        duration(STALE_IF_ERROR_SECONDS, staleIfError, 0);
        adminPaths = List.copyOf(adminPaths);
        readPaths = List.copyOf(readPaths);
        restrictions = Collections.unmodifiableMap(new LinkedHashMap<>(restrictions));
        restrictions.forEach(EngineSettings::checkRestriction);
        readMethods = Collections.unmodifiableSet(new LinkedHashSet<>(readMethods));
        readMethods.forEach(EngineSettings::checkMethod);
        Objects.requireNonNull(rateLimitScope, "rateLimitScope cannot be null");
        duration(LAST_USED_FLUSH_SECONDS, lastUsedFlushInterval, 1);
        atLeast(LAST_USED_MAX_PENDING, lastUsedMaxPending, 1);
        atLeast(UNAVAILABLE_RETRY_AFTER_SECONDS, unavailableRetryAfterSeconds, 1);
        duration(USAGE_FLUSH_SECONDS, usageFlushInterval, 1);
        atLeast(USAGE_MAX_PENDING, usageMaxPending, 1);
    }

    public static Builder builder() {
        return new Builder();
    }

    public static EngineSettings defaults() {
        return builder().build();
    }

    /** The exception of every invalid keygate setting: {@code 'value' is wrong value for name, because rule}. */
    public static IllegalArgumentException invalid(String name, Object value, String rule) {
        return new IllegalArgumentException("'" + value + "' is wrong value for " + name + ", because " + rule);
    }

    static long atLeast(String name, long value, long min) {
        if (value < min) {
            throw invalid(name, value, "it must be at least " + min);
        }
        return value;
    }

    static Duration duration(String name, Duration d, long minSeconds) {
        if (d == null || d.isNegative() || d.getSeconds() < minSeconds) {
            throw invalid(name, d == null ? null : d.getSeconds(), "it must be at least " + minSeconds + " seconds");
        }
        if (d.getSeconds() > Limit.MAX_SECONDS) {
            throw invalid(name, d.getSeconds(), "it must be at most " + Limit.MAX_SECONDS + " seconds (one year)");
        }
        return d;
    }

    static Limit checkFailedAuthLimit(Limit limit) {
        Objects.requireNonNull(limit, "failedAuthLimit cannot be null");
        if (limit.windowSeconds() > Limit.MAX_SECONDS) {
            throw invalid(FAILED_AUTH_LIMIT, limit.limit() + "/" + limit.windowSeconds(),
                    "the window must be at most " + Limit.MAX_SECONDS + " seconds (one year)");
        }
        return limit;
    }

    static void checkRestriction(String type, PathPattern template) {
        if (type == null || !NAME_RULE.matcher(type).matches()) {
            throw invalid(RESTRICTIONS, type, "a restriction type must match " + NAME_RULE.pattern());
        }
        Objects.requireNonNull(template, "template cannot be null");
        if (!template.captures()) {
            throw invalid(RESTRICTIONS, type + "=" + template, "the template must capture the id with {name}");
        }
    }

    static void checkMethod(String method) {
        if (method == null || !METHOD_RULE.matcher(method).matches()) {
            throw invalid(READ_METHODS, method, "a method must be 1..16 uppercase letters");
        }
    }

    /** A path pattern, or the settings error naming {@code param} and the pattern's own rule. */
    public static PathPattern pattern(String param, String pattern) {
        try {
            return PathPattern.compile(pattern);
        } catch (IllegalArgumentException e) {
            throw invalid(param, pattern, PathPattern.rule(e));
        }
    }

    /** Builder with the documented defaults; each setter checks its value at once, like the constructor. */
    public static final class Builder {
        private Limit failedAuthLimit = new Limit(30, 60);
        private long failedAuthMaxClients = 100_000;
        private long cacheMaxSize = 100_000;
        private Duration cacheTtl = Duration.ofSeconds(60);
        private long negativeCacheMaxSize = 100_000;
        private Duration negativeCacheTtl = Duration.ofSeconds(10);
        private Duration staleIfError = Duration.ofSeconds(300);
        private final List<PathPattern> adminPaths = new ArrayList<>();
        private final List<PathPattern> readPaths = new ArrayList<>();
        private final Map<String, PathPattern> restrictions = new LinkedHashMap<>();
        private Set<String> readMethods = Set.of("GET", "HEAD", "OPTIONS");
        private RateLimitScope rateLimitScope = RateLimitScope.KEY;
        private Duration lastUsedFlushInterval = Duration.ofSeconds(5);
        private int lastUsedMaxPending = 100_000;
        private long unavailableRetryAfterSeconds = 5;
        private Duration usageFlushInterval = Duration.ofSeconds(5);
        private int usageMaxPending = 100_000;

        private Builder() {
        }

        /** Failed authentications allowed per client address per window before 429. Default 30/60. */
        public Builder failedAuthLimit(Limit limit) {
            this.failedAuthLimit = checkFailedAuthLimit(limit);
            return this;
        }

        /** Client addresses tracked by the failed-authentication limit (least recently used dropped first). */
        public Builder failedAuthMaxClients(long max) {
            this.failedAuthMaxClients = atLeast(FAILED_AUTH_MAX_CLIENTS, max, 1);
            return this;
        }

        /** Verified keys kept in the cache. Default 100,000. */
        public Builder cacheMaxSize(long max) {
            this.cacheMaxSize = atLeast(CACHE_MAX_SIZE, max, 1);
            return this;
        }

        /** How long a cached key is used before it is read again. Default 60 s. */
        public Builder cacheTtl(Duration ttl) {
            this.cacheTtl = duration(CACHE_TTL_SECONDS, ttl, 1);
            return this;
        }

        /** Unknown hashes remembered. Default 100,000. */
        public Builder negativeCacheMaxSize(long max) {
            this.negativeCacheMaxSize = atLeast(NEGATIVE_CACHE_MAX_SIZE, max, 1);
            return this;
        }

        /** How long an unknown hash is answered without asking the store. Default 10 s. */
        public Builder negativeCacheTtl(Duration ttl) {
            this.negativeCacheTtl = duration(NEGATIVE_CACHE_TTL_SECONDS, ttl, 0);
            return this;
        }

        /** How long after the cache TTL a verified key keeps working while the store is unreachable. */
        public Builder staleIfError(Duration window) {
            this.staleIfError = duration(STALE_IF_ERROR_SECONDS, window, 0);
            return this;
        }

        /** Paths that need the {@code admin} permission. */
        public Builder adminPaths(String... patterns) {
            for (String p : patterns) {
                adminPaths.add(pattern(ADMIN_PATHS, p));
            }
            return this;
        }

        /**
         * Paths whose requests need only {@code read}, whatever their method (admin paths still need admin): for an
         * operation a read-only key may use although it is a POST, such as a token exchange.
         */
        public Builder readPaths(String... patterns) {
            for (String p : patterns) {
                readPaths.add(pattern(READ_PATHS, p));
            }
            return this;
        }

        /**
         * A restriction type and the path template that carries the restricted id, e.g.
         * {@code restriction("workflow", "/developer/api/workflows/{id}/**")}.
         */
        public Builder restriction(String type, String template) {
            if (type == null || !NAME_RULE.matcher(type).matches()) {
                throw invalid(RESTRICTIONS, type, "a restriction type must match " + NAME_RULE.pattern());
            }
            PathPattern p;
            try {
                p = PathPattern.compile(template);
            } catch (IllegalArgumentException e) {
                throw invalid(RESTRICTIONS, type + "=" + template, PathPattern.rule(e));
            }
            checkRestriction(type, p);
            restrictions.put(type, p);
            return this;
        }

        /** Methods that need only {@code read}; all others need {@code write}. Default GET, HEAD, OPTIONS. */
        public Builder readMethods(String... methods) {
            Set<String> out = new LinkedHashSet<>();
            for (String m : methods) {
                checkMethod(m);
                out.add(m);
            }
            this.readMethods = out;
            return this;
        }

        /** What limits count: each key (default) or each organization. */
        public Builder rateLimitScope(RateLimitScope scope) {
            this.rateLimitScope = Objects.requireNonNull(scope, "rateLimitScope cannot be null");
            return this;
        }

        /** Write-behind interval of {@code last_used_at}. Default 5 s. */
        public Builder lastUsedFlushInterval(Duration interval) {
            this.lastUsedFlushInterval = duration(LAST_USED_FLUSH_SECONDS, interval, 1);
            return this;
        }

        /** Keys waiting for their {@code last_used_at} write; more are dropped and counted. Default 100,000. */
        public Builder lastUsedMaxPending(int max) {
            this.lastUsedMaxPending = (int) atLeast(LAST_USED_MAX_PENDING, max, 1);
            return this;
        }

        /** {@code Retry-After} of the 503 when the store cannot be reached. Default 5. */
        public Builder unavailableRetryAfterSeconds(long seconds) {
            this.unavailableRetryAfterSeconds = atLeast(UNAVAILABLE_RETRY_AFTER_SECONDS, seconds, 1);
            return this;
        }

        /** Write-behind interval of per-key usage (when the {@code Keygate} has a usage store). Default 5 s. */
        public Builder usageFlushInterval(Duration interval) {
            this.usageFlushInterval = duration(USAGE_FLUSH_SECONDS, interval, 1);
            return this;
        }

        /** Keys whose usage waits to be written; requests of more keys are dropped and counted. Default 100,000. */
        public Builder usageMaxPending(int max) {
            this.usageMaxPending = (int) atLeast(USAGE_MAX_PENDING, max, 1);
            return this;
        }

        public EngineSettings build() {
            return new EngineSettings(failedAuthLimit, failedAuthMaxClients, cacheMaxSize, cacheTtl,
                    negativeCacheMaxSize, negativeCacheTtl, staleIfError, adminPaths, readPaths, restrictions, readMethods,
                    rateLimitScope, lastUsedFlushInterval, lastUsedMaxPending, unavailableRetryAfterSeconds,
                    usageFlushInterval, usageMaxPending);
        }
    }
}
