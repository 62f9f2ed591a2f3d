package io.keygate.redis;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;

/**
 * Immutable configuration of the Redis backends, validated when built: every bad value fails with a message that
 * names the parameter, the value and the rule. Build it with {@link #builder(String)} or from the
 * {@code keygate.redis.*} parameters ({@link #fromParameters(Map)}).
 *
 * @param url                     {@code redis://[[user]:password@]host[:port][/database]} ({@code rediss://} for
 *                                TLS), {@code redis-sentinel://h1:p1,h2:p2[/database]#<master>} or
 *                                {@code redis-cluster://h1:p1,h2:p2,...} (see {@link RedisEndpoint})
 * @param outagePolicy            what the rate limiter decides while Redis cannot answer
 * @param commandTimeout          the longest a request waits for Redis (each command)
 * @param connectTimeout          the longest one connection attempt may take
 * @param retryInterval           after a failure Redis is not asked again for this long (circuit breaker); also
 *                                the longest pause between reconnection attempts
 * @param unavailableRetryAfter   {@code Retry-After} of the 503 answered under {@link OutagePolicy#CLOSED}
 * @param keyPrefix               prefix of every rate-limit key
 * @param channel                 pub/sub channel of the revocation broadcast
 * @param fallbackMaxBuckets      bound of the in-process limiter used under {@link OutagePolicy#LOCAL}
 * @param broadcast               whether {@link RedisKeygateListener} attaches the revocation broadcast
 * @param topologyRefresh         Redis Cluster only: how often the topology is re-read even without a reason
 *                                (failovers are also followed at once through Lettuce's adaptive triggers)
 * @param hotKeyPlans             plan names whose limits use the hot-key mode ({@link #ALL_PLANS} for every plan,
 *                                {@code key} for keys with their own rate limit); empty: off
 * @param hotKeyBatch             how many requests of a window a node reserves in one round trip (hot-key mode)
 * @param hotKeyIdle              an unused reservation is given back after this long without a request
 * @param hotKeyMaxBuckets        bound of the buckets holding reservations on one node
 */
public record RedisSettings(String url, OutagePolicy outagePolicy, Duration commandTimeout, Duration connectTimeout,
                            Duration retryInterval, Duration unavailableRetryAfter, String keyPrefix, String channel,
                            long fallbackMaxBuckets, boolean broadcast, Duration topologyRefresh,
                            Set<String> hotKeyPlans, int hotKeyBatch, Duration hotKeyIdle, long hotKeyMaxBuckets) {

    public static final String PARAMETER_PREFIX = "keygate.redis.";
    public static final String URL = PARAMETER_PREFIX + "url";
    public static final String OUTAGE_POLICY = PARAMETER_PREFIX + "outage-policy";
    public static final String COMMAND_TIMEOUT_MS = PARAMETER_PREFIX + "command-timeout-ms";
    public static final String CONNECT_TIMEOUT_MS = PARAMETER_PREFIX + "connect-timeout-ms";
    public static final String RETRY_INTERVAL_MS = PARAMETER_PREFIX + "retry-interval-ms";
    public static final String UNAVAILABLE_RETRY_AFTER_SECONDS = PARAMETER_PREFIX + "unavailable-retry-after-seconds";
    public static final String KEY_PREFIX = PARAMETER_PREFIX + "key-prefix";
    public static final String CHANNEL = PARAMETER_PREFIX + "channel";
    public static final String FALLBACK_MAX_BUCKETS = PARAMETER_PREFIX + "fallback-max-buckets";
    public static final String BROADCAST = PARAMETER_PREFIX + "broadcast";
    public static final String TOPOLOGY_REFRESH_MS = PARAMETER_PREFIX + "topology-refresh-ms";
    public static final String HOT_KEY_PLANS = PARAMETER_PREFIX + "hot-key-plans";
    public static final String HOT_KEY_BATCH = PARAMETER_PREFIX + "hot-key-batch";
    public static final String HOT_KEY_IDLE_MS = PARAMETER_PREFIX + "hot-key-idle-ms";
    public static final String HOT_KEY_MAX_BUCKETS = PARAMETER_PREFIX + "hot-key-max-buckets";

    /** Every parameter this module reads; any other {@code keygate.redis.*} name is an error (a typo). */
    public static final List<String> PARAMETERS = List.of(URL, OUTAGE_POLICY, COMMAND_TIMEOUT_MS, CONNECT_TIMEOUT_MS,
            RETRY_INTERVAL_MS, UNAVAILABLE_RETRY_AFTER_SECONDS, KEY_PREFIX, CHANNEL, FALLBACK_MAX_BUCKETS, BROADCAST,
            TOPOLOGY_REFRESH_MS, HOT_KEY_PLANS, HOT_KEY_BATCH, HOT_KEY_IDLE_MS, HOT_KEY_MAX_BUCKETS);

    /** In {@code hot-key-plans}: every plan (and keys with their own rate limit). */
    public static final String ALL_PLANS = "*";

    public static final OutagePolicy DEFAULT_OUTAGE_POLICY = OutagePolicy.LOCAL;
    public static final Duration DEFAULT_COMMAND_TIMEOUT = Duration.ofMillis(200);
    public static final Duration DEFAULT_CONNECT_TIMEOUT = Duration.ofMillis(1000);
    public static final Duration DEFAULT_RETRY_INTERVAL = Duration.ofMillis(1000);
    public static final Duration DEFAULT_UNAVAILABLE_RETRY_AFTER = Duration.ofSeconds(1);
    public static final String DEFAULT_KEY_PREFIX = "keygate:rl:";
    public static final String DEFAULT_CHANNEL = "keygate:revocations";
    public static final long DEFAULT_FALLBACK_MAX_BUCKETS = 100_000;
    public static final Duration DEFAULT_TOPOLOGY_REFRESH = Duration.ofSeconds(30);
    public static final int DEFAULT_HOT_KEY_BATCH = 10;
    public static final Duration DEFAULT_HOT_KEY_IDLE = Duration.ofSeconds(1);
    public static final long DEFAULT_HOT_KEY_MAX_BUCKETS = 100_000;

    static final long MAX_TIMEOUT_MS = 60_000;
    static final long MIN_RETRY_INTERVAL_MS = 10;
    static final long MAX_RETRY_INTERVAL_MS = 600_000;
    static final long MAX_RETRY_AFTER_SECONDS = 3_600;
    static final int MAX_NAME_LENGTH = 128;
    static final long MIN_TOPOLOGY_REFRESH_MS = 1_000;
    static final long MAX_TOPOLOGY_REFRESH_MS = 3_600_000;
    static final int MAX_HOT_KEY_BATCH = 10_000;

    public RedisSettings {
        url = checkUrl(url);
        Objects.requireNonNull(outagePolicy, "outagePolicy cannot be null");
        checkMillis(COMMAND_TIMEOUT_MS, commandTimeout, 1, MAX_TIMEOUT_MS);
        checkMillis(CONNECT_TIMEOUT_MS, connectTimeout, 1, MAX_TIMEOUT_MS);
        checkMillis(RETRY_INTERVAL_MS, retryInterval, MIN_RETRY_INTERVAL_MS, MAX_RETRY_INTERVAL_MS);
        Objects.requireNonNull(unavailableRetryAfter, "unavailableRetryAfter cannot be null");
        if (unavailableRetryAfter.toMillis() % 1000 != 0 || unavailableRetryAfter.getSeconds() < 1
                || unavailableRetryAfter.getSeconds() > MAX_RETRY_AFTER_SECONDS) {
            throw wrong(UNAVAILABLE_RETRY_AFTER_SECONDS, unavailableRetryAfter.toMillis() / 1000.0 + "",
                    "it must be a whole number of seconds from 1 to " + MAX_RETRY_AFTER_SECONDS);
        }
        checkName(KEY_PREFIX, keyPrefix);
        checkName(CHANNEL, channel);
        if (fallbackMaxBuckets < 1) {
            throw wrong(FALLBACK_MAX_BUCKETS, Long.toString(fallbackMaxBuckets), "it must be at least 1");
        }
        checkMillis(TOPOLOGY_REFRESH_MS, topologyRefresh, MIN_TOPOLOGY_REFRESH_MS, MAX_TOPOLOGY_REFRESH_MS);
        Objects.requireNonNull(hotKeyPlans, "hotKeyPlans cannot be null");
        hotKeyPlans = Set.copyOf(hotKeyPlans);
        for (String plan : hotKeyPlans) {
            if (plan.isBlank() || plan.length() > MAX_NAME_LENGTH || !plan.equals(plan.trim())
                    || plan.contains(",")) {
                throw wrong(HOT_KEY_PLANS, plan, "each entry must be a plan name of 1 to " + MAX_NAME_LENGTH
                        + " characters without commas or surrounding spaces, or " + ALL_PLANS);
            }
        }
        if (hotKeyBatch < 2 || hotKeyBatch > MAX_HOT_KEY_BATCH) {
            throw wrong(HOT_KEY_BATCH, Integer.toString(hotKeyBatch), "it must be from 2 to " + MAX_HOT_KEY_BATCH);
        }
        checkMillis(HOT_KEY_IDLE_MS, hotKeyIdle, MIN_RETRY_INTERVAL_MS, MAX_RETRY_INTERVAL_MS);
        if (hotKeyMaxBuckets < 1) {
            throw wrong(HOT_KEY_MAX_BUCKETS, Long.toString(hotKeyMaxBuckets), "it must be at least 1");
        }
    }

    /** Whether requests counted under {@code planName} use the hot-key mode. */
    public boolean hotKey(String planName) {
        return !hotKeyPlans.isEmpty()
                && (hotKeyPlans.contains(ALL_PLANS) || (planName != null && hotKeyPlans.contains(planName)));
    }

    /** The parsed URL: standalone, Sentinel or cluster, and the Lettuce URIs. */
    RedisEndpoint endpoint() {
        return RedisEndpoint.parse(url);
    }

    public static Builder builder(String url) {
        return new Builder(url);
    }

    /**
     * Reads the {@code keygate.redis.*} parameters (for example a web application's context parameters).
     *
     * @return empty when {@code keygate.redis.url} is absent or blank: Redis is not enabled
     * @throws IllegalArgumentException for a bad value or an unknown {@code keygate.redis.*} name
     */
    public static Optional<RedisSettings> fromParameters(Map<String, String> parameters) {
        Objects.requireNonNull(parameters, "parameters cannot be null");
        for (String name : parameters.keySet()) {
            if (name.startsWith(PARAMETER_PREFIX) && !PARAMETERS.contains(name)) {
                throw new IllegalArgumentException("'" + name + "' is not a known parameter, because the "
                        + PARAMETER_PREFIX + "* parameters are " + String.join(", ", PARAMETERS));
            }
        }
        Function<String, String> get = name -> {
            String v = parameters.get(name);
            return v == null || v.isBlank() ? null : v.trim();
        };
        String url = get.apply(URL);
        if (url == null) {
            return Optional.empty();
        }
        Builder b = builder(url);
        ifPresent(get.apply(OUTAGE_POLICY), v -> b.outagePolicy(OutagePolicy.parse(OUTAGE_POLICY, v)));
        ifPresent(get.apply(COMMAND_TIMEOUT_MS), v -> b.commandTimeout(Duration.ofMillis(
                parseLong(COMMAND_TIMEOUT_MS, v, 1, MAX_TIMEOUT_MS, "milliseconds"))));
        ifPresent(get.apply(CONNECT_TIMEOUT_MS), v -> b.connectTimeout(Duration.ofMillis(
                parseLong(CONNECT_TIMEOUT_MS, v, 1, MAX_TIMEOUT_MS, "milliseconds"))));
        ifPresent(get.apply(RETRY_INTERVAL_MS), v -> b.retryInterval(Duration.ofMillis(
                parseLong(RETRY_INTERVAL_MS, v, MIN_RETRY_INTERVAL_MS, MAX_RETRY_INTERVAL_MS, "milliseconds"))));
        ifPresent(get.apply(UNAVAILABLE_RETRY_AFTER_SECONDS), v -> b.unavailableRetryAfter(Duration.ofSeconds(
                parseLong(UNAVAILABLE_RETRY_AFTER_SECONDS, v, 1, MAX_RETRY_AFTER_SECONDS, "seconds"))));
        ifPresent(get.apply(KEY_PREFIX), b::keyPrefix);
        ifPresent(get.apply(CHANNEL), b::channel);
        ifPresent(get.apply(FALLBACK_MAX_BUCKETS), v -> b.fallbackMaxBuckets(
                parseLong(FALLBACK_MAX_BUCKETS, v, 1, Long.MAX_VALUE, "buckets")));
        ifPresent(get.apply(BROADCAST), v -> b.broadcast(parseBoolean(BROADCAST, v)));
        ifPresent(get.apply(TOPOLOGY_REFRESH_MS), v -> b.topologyRefresh(Duration.ofMillis(parseLong(
                TOPOLOGY_REFRESH_MS, v, MIN_TOPOLOGY_REFRESH_MS, MAX_TOPOLOGY_REFRESH_MS, "milliseconds"))));
        ifPresent(get.apply(HOT_KEY_PLANS), v -> b.hotKeyPlans(java.util.Arrays.stream(v.split(","))
                .map(String::trim).filter(p -> !p.isEmpty()).toList()));
        ifPresent(get.apply(HOT_KEY_BATCH), v -> b.hotKeyBatch((int) parseLong(HOT_KEY_BATCH, v, 2,
                MAX_HOT_KEY_BATCH, "requests")));
        ifPresent(get.apply(HOT_KEY_IDLE_MS), v -> b.hotKeyIdle(Duration.ofMillis(parseLong(HOT_KEY_IDLE_MS, v,
                MIN_RETRY_INTERVAL_MS, MAX_RETRY_INTERVAL_MS, "milliseconds"))));
        ifPresent(get.apply(HOT_KEY_MAX_BUCKETS), v -> b.hotKeyMaxBuckets(
                parseLong(HOT_KEY_MAX_BUCKETS, v, 1, Long.MAX_VALUE, "buckets")));
        return Optional.of(b.build());
    }

    /**
     * The {@code keygate.redis.*} values from outside the application: for each known name the system property of
     * that name, else the environment variable named in upper case with dots and dashes as underscores
     * ({@code keygate.redis.url} → {@code KEYGATE_REDIS_URL}). Pass the result (possibly overlaid with context
     * parameters) to {@link #fromParameters(Map)}.
     */
    public static Map<String, String> environmentParameters() {
        Map<String, String> out = new LinkedHashMap<>();
        for (String name : PARAMETERS) {
            String value = System.getProperty(name);
            if (value == null) {
                value = System.getenv(environmentName(name));
            }
            if (value != null) {
                out.put(name, value);
            }
        }
        return out;
    }

    /** {@code keygate.redis.outage-policy} → {@code KEYGATE_REDIS_OUTAGE_POLICY}. */
    public static String environmentName(String parameter) {
        return parameter.toUpperCase(Locale.ROOT).replace('.', '_').replace('-', '_');
    }

    /** The effective configuration for the INFO line at start; the URL without its password. */
    public Map<String, String> describe() {
        Map<String, String> out = new LinkedHashMap<>();
        out.put(URL, redactedUrl());
        out.put(OUTAGE_POLICY, outagePolicy.wireName());
        out.put(COMMAND_TIMEOUT_MS, Long.toString(commandTimeout.toMillis()));
        out.put(CONNECT_TIMEOUT_MS, Long.toString(connectTimeout.toMillis()));
        out.put(RETRY_INTERVAL_MS, Long.toString(retryInterval.toMillis()));
        out.put(UNAVAILABLE_RETRY_AFTER_SECONDS, Long.toString(unavailableRetryAfter.getSeconds()));
        out.put(KEY_PREFIX, keyPrefix);
        out.put(CHANNEL, channel);
        out.put(FALLBACK_MAX_BUCKETS, Long.toString(fallbackMaxBuckets));
        out.put(BROADCAST, Boolean.toString(broadcast));
        out.put(TOPOLOGY_REFRESH_MS, Long.toString(topologyRefresh.toMillis()));
        out.put(HOT_KEY_PLANS, String.join(",", new java.util.TreeSet<>(hotKeyPlans)));
        out.put(HOT_KEY_BATCH, Integer.toString(hotKeyBatch));
        out.put(HOT_KEY_IDLE_MS, Long.toString(hotKeyIdle.toMillis()));
        out.put(HOT_KEY_MAX_BUCKETS, Long.toString(hotKeyMaxBuckets));
        return out;
    }

    /** The URL with any user information replaced by {@code ***}, safe for logs and messages. */
    public String redactedUrl() {
        return redact(url);
    }

    @Override
    public String toString() {
        return "RedisSettings" + describe();
    }

    static String redact(String url) {
        int scheme = url.indexOf("://");
        int at = url.lastIndexOf('@');
        if (scheme < 0 || at < scheme) {
            return url;
        }
        return url.substring(0, scheme + 3) + "***" + url.substring(at);
    }

    private static String checkUrl(String url) {
        if (url == null || url.isBlank()) {
            throw wrong(URL, String.valueOf(url), "it is required, e.g. redis://127.0.0.1:6379/0");
        }
        String trimmed = url.trim();
        try {
            RedisEndpoint.parse(trimmed);
        } catch (IllegalArgumentException e) {
            throw wrong(URL, redact(trimmed), RedisEndpoint.RULE);
        }
        return trimmed;
    }

    private static void checkMillis(String parameter, Duration d, long min, long max) {
        Objects.requireNonNull(d, parameter + " cannot be null");
        if (d.toMillis() < min || d.toMillis() > max) {
            throw wrong(parameter, Long.toString(d.toMillis()), "it must be from " + min + " to " + max
                    + " milliseconds");
        }
    }

    private static void checkName(String parameter, String value) {
        if (value == null || value.isEmpty() || value.length() > MAX_NAME_LENGTH) {
            throw wrong(parameter, String.valueOf(value), "it must be 1 to " + MAX_NAME_LENGTH + " characters");
        }
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            // braces would change the cluster hash tag that keeps a bucket's keys in one slot
            if (c <= ' ' || c > '~' || c == '{' || c == '}') {
                throw wrong(parameter, value, "it may contain only printable ASCII without spaces and braces");
            }
        }
    }

    private static long parseLong(String parameter, String value, long min, long max, String unit) {
        try {
            long v = Long.parseLong(value);
            if (v >= min && v <= max) {
                return v;
            }
        } catch (NumberFormatException e) {
            // reported below with the rule
        }
        throw wrong(parameter, value, "it must be a whole number of " + unit + " from " + min
                + (max == Long.MAX_VALUE ? " up" : " to " + max));
    }

    private static boolean parseBoolean(String parameter, String value) {
        return switch (value.toLowerCase(Locale.ROOT)) {
            case "true" -> true;
            case "false" -> false;
            default -> throw wrong(parameter, value, "it must be true or false");
        };
    }

    private static void ifPresent(String value, java.util.function.Consumer<String> action) {
        if (value != null) {
            action.accept(value);
        }
    }

    private static IllegalArgumentException wrong(String parameter, String value, String rule) {
        return new IllegalArgumentException("'" + value + "' is wrong value for " + parameter + ", because " + rule);
    }

    /** Collects values; {@link #build()} validates them all. */
    public static final class Builder {
        private final String url;
        private OutagePolicy outagePolicy = DEFAULT_OUTAGE_POLICY;
        private Duration commandTimeout = DEFAULT_COMMAND_TIMEOUT;
        private Duration connectTimeout = DEFAULT_CONNECT_TIMEOUT;
        private Duration retryInterval = DEFAULT_RETRY_INTERVAL;
        private Duration unavailableRetryAfter = DEFAULT_UNAVAILABLE_RETRY_AFTER;
        private String keyPrefix = DEFAULT_KEY_PREFIX;
        private String channel = DEFAULT_CHANNEL;
        private long fallbackMaxBuckets = DEFAULT_FALLBACK_MAX_BUCKETS;
        private boolean broadcast = true;
        private Duration topologyRefresh = DEFAULT_TOPOLOGY_REFRESH;
        private Set<String> hotKeyPlans = Set.of();
        private int hotKeyBatch = DEFAULT_HOT_KEY_BATCH;
        private Duration hotKeyIdle = DEFAULT_HOT_KEY_IDLE;
        private long hotKeyMaxBuckets = DEFAULT_HOT_KEY_MAX_BUCKETS;

        private Builder(String url) {
            this.url = url;
        }

        /** Default {@code local}. */
        public Builder outagePolicy(OutagePolicy outagePolicy) {
            this.outagePolicy = outagePolicy;
            return this;
        }

        /** Default 200 ms; 1 ms to 60 s. Also bounds how long a revocation's PUBLISH may hold the caller. */
        public Builder commandTimeout(Duration commandTimeout) {
            this.commandTimeout = commandTimeout;
            return this;
        }

        /** Default 1 s; 1 ms to 60 s. */
        public Builder connectTimeout(Duration connectTimeout) {
            this.connectTimeout = connectTimeout;
            return this;
        }

        /** Default 1 s; 10 ms to 10 min. */
        public Builder retryInterval(Duration retryInterval) {
            this.retryInterval = retryInterval;
            return this;
        }

        /** Default 1 s; whole seconds, 1 s to 1 h. */
        public Builder unavailableRetryAfter(Duration unavailableRetryAfter) {
            this.unavailableRetryAfter = unavailableRetryAfter;
            return this;
        }

        /** Default {@code keygate:rl:}. Give each application sharing a Redis its own prefix. */
        public Builder keyPrefix(String keyPrefix) {
            this.keyPrefix = keyPrefix;
            return this;
        }

        /** Default {@code keygate:revocations}. All nodes of one cluster must use the same channel. */
        public Builder channel(String channel) {
            this.channel = channel;
            return this;
        }

        /** Default 100,000. */
        public Builder fallbackMaxBuckets(long fallbackMaxBuckets) {
            this.fallbackMaxBuckets = fallbackMaxBuckets;
            return this;
        }

        /** Default true. */
        public Builder broadcast(boolean broadcast) {
            this.broadcast = broadcast;
            return this;
        }

        /** Default 30 s; 1 s to 1 h. Redis Cluster only. */
        public Builder topologyRefresh(Duration topologyRefresh) {
            this.topologyRefresh = topologyRefresh;
            return this;
        }

        /**
         * Plans whose limits use the hot-key mode: plan names, {@code key} for keys with their own
         * {@code rate_limit}, or {@link RedisSettings#ALL_PLANS}. Default none (off).
         */
        public Builder hotKeyPlans(java.util.Collection<String> hotKeyPlans) {
            this.hotKeyPlans = hotKeyPlans == null ? null : new java.util.HashSet<>(hotKeyPlans);
            return this;
        }

        /** The same for every plan: {@code hotKeyPlans(List.of("*"))}. */
        public Builder hotKeyForAllPlans() {
            return hotKeyPlans(List.of(ALL_PLANS));
        }

        /** Default 10; 2 to 10,000. */
        public Builder hotKeyBatch(int hotKeyBatch) {
            this.hotKeyBatch = hotKeyBatch;
            return this;
        }

        /** Default 1 s; 10 ms to 10 min. */
        public Builder hotKeyIdle(Duration hotKeyIdle) {
            this.hotKeyIdle = hotKeyIdle;
            return this;
        }

        /** Default 100,000. */
        public Builder hotKeyMaxBuckets(long hotKeyMaxBuckets) {
            this.hotKeyMaxBuckets = hotKeyMaxBuckets;
            return this;
        }

        public RedisSettings build() {
            return new RedisSettings(url, outagePolicy, commandTimeout, connectTimeout, retryInterval,
                    unavailableRetryAfter, keyPrefix, channel, fallbackMaxBuckets, broadcast, topologyRefresh,
                    hotKeyPlans, hotKeyBatch, hotKeyIdle, hotKeyMaxBuckets);
        }
    }
}
