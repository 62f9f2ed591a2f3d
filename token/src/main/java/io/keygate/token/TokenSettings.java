package io.keygate.token;

import java.time.Duration;
import java.util.Objects;

/**
 * How tokens are issued and verified and how signing keys rotate. Immutable, validated when built: a bad value
 * fails with a message naming the setting, the value and the rule.
 *
 * @param issuer            the {@code iss} of every token, checked on verification (default {@value #DEFAULT_ISSUER})
 * @param audience          the {@code aud} of every token, checked on verification (default {@value #DEFAULT_AUDIENCE})
 * @param defaultLifetime   lifetime of a token whose request names no {@code expires_in} (default 900 s; 60..3600 s)
 * @param clockSkew         leeway for {@code exp}, {@code iat} and {@code nbf} between nodes' clocks (default and at
 *                          most 5 s)
 * @param rotationPeriod    how long a signing key signs before its successor takes over (default 30 days; 1 day ..
 *                          1 year)
 * @param keyPublishLead    how long before it starts signing a new key is published in the JWK Set and known to every
 *                          node (default 1 hour; at least twice {@code keyRefreshInterval}, at most a quarter of the
 *                          rotation period). Verifiers that cache the JWK Set for the advertised
 *                          {@link JwkSetDocument#maxAgeSeconds() max-age} (a quarter of this) see a key before any
 *                          token signed with it
 * @param keyRefreshInterval how often each node re-reads the signing keys from the store, and makes the successor
 *                          key when it is due (default 60 s; 1 s .. 1 hour)
 * @param cacheMaxSize      verification results remembered, valid and rejected tokens together (default 100,000)
 * @param rejectedTtl       how long a rejected token's verdict is remembered, so a forged or expired token is never
 *                          checked twice within it (default 5 min; 1 s .. 1 day)
 */
public record TokenSettings(String issuer, String audience, Duration defaultLifetime, Duration clockSkew,
                            Duration rotationPeriod, Duration keyPublishLead, Duration keyRefreshInterval,
                            int cacheMaxSize, Duration rejectedTtl) {

    public static final String DEFAULT_ISSUER = "keygate";
    public static final String DEFAULT_AUDIENCE = "keygate";
    /** Shortest lifetime a caller may ask for ({@code expires_in}). */
    public static final Duration MIN_LIFETIME = Duration.ofSeconds(60);
    /** Longest lifetime a caller may ask for ({@code expires_in}); also the longest a verifier accepts. */
    public static final Duration MAX_LIFETIME = Duration.ofSeconds(3600);
    public static final Duration DEFAULT_LIFETIME = Duration.ofSeconds(900);
    /** The contract's bound on leeway. */
    public static final Duration MAX_CLOCK_SKEW = Duration.ofSeconds(5);
    public static final Duration DEFAULT_ROTATION_PERIOD = Duration.ofDays(30);
    public static final Duration DEFAULT_KEY_PUBLISH_LEAD = Duration.ofHours(1);
    public static final Duration DEFAULT_KEY_REFRESH_INTERVAL = Duration.ofSeconds(60);
    public static final int DEFAULT_CACHE_MAX_SIZE = 100_000;
    public static final Duration DEFAULT_REJECTED_TTL = Duration.ofMinutes(5);
    /** Longest issuer or audience. */
    public static final int MAX_NAME_LENGTH = 256;

    public TokenSettings {
        issuer = name("issuer", issuer);
        audience = name("audience", audience);
        within("defaultLifetime", defaultLifetime, MIN_LIFETIME, MAX_LIFETIME);
        if (defaultLifetime.toMillis() % 1000 != 0) {
            throw wrong("defaultLifetime", defaultLifetime, "it must be whole seconds (a JWT counts seconds)");
        }
        within("clockSkew", clockSkew, Duration.ZERO, MAX_CLOCK_SKEW);
        within("rotationPeriod", rotationPeriod, Duration.ofDays(1), Duration.ofDays(365));
        within("keyRefreshInterval", keyRefreshInterval, Duration.ofSeconds(1), Duration.ofHours(1));
        within("keyPublishLead", keyPublishLead, keyRefreshInterval.multipliedBy(2), rotationPeriod.dividedBy(4));
        if (cacheMaxSize < 1 || cacheMaxSize > 10_000_000) {
            throw wrong("cacheMaxSize", cacheMaxSize, "it must be 1..10000000");
        }
        within("rejectedTtl", rejectedTtl, Duration.ofSeconds(1), Duration.ofDays(1));
    }

    /** The defaults: issuer and audience {@code keygate}, 900 s tokens, 5 s leeway, keys rotated every 30 days. */
    public static TokenSettings defaults() {
        return builder().build();
    }

    public static Builder builder() {
        return new Builder();
    }

    private static String name(String setting, String value) {
        if (value == null || value.isBlank() || value.length() > MAX_NAME_LENGTH) {
            throw wrong(setting, value, "it must be 1.." + MAX_NAME_LENGTH + " characters, not blank");
        }
        return value;
    }

    private static void within(String setting, Duration value, Duration min, Duration max) {
        Objects.requireNonNull(value, setting + " cannot be null");
        if (value.compareTo(min) < 0 || value.compareTo(max) > 0) {
            throw wrong(setting, value, "it must be from " + min + " to " + max);
        }
    }

    private static IllegalArgumentException wrong(String setting, Object value, String rule) {
        return new IllegalArgumentException("'" + value + "' is wrong value for " + setting + ", because " + rule);
    }

    public static final class Builder {
        private String issuer = DEFAULT_ISSUER;
        private String audience = DEFAULT_AUDIENCE;
        private Duration defaultLifetime = DEFAULT_LIFETIME;
        private Duration clockSkew = MAX_CLOCK_SKEW;
        private Duration rotationPeriod = DEFAULT_ROTATION_PERIOD;
        private Duration keyPublishLead = DEFAULT_KEY_PUBLISH_LEAD;
        private Duration keyRefreshInterval = DEFAULT_KEY_REFRESH_INTERVAL;
        private int cacheMaxSize = DEFAULT_CACHE_MAX_SIZE;
        private Duration rejectedTtl = DEFAULT_REJECTED_TTL;

        private Builder() {
        }

        public Builder issuer(String issuer) {
            this.issuer = issuer;
            return this;
        }

        public Builder audience(String audience) {
            this.audience = audience;
            return this;
        }

        public Builder defaultLifetime(Duration defaultLifetime) {
            this.defaultLifetime = defaultLifetime;
            return this;
        }

        public Builder clockSkew(Duration clockSkew) {
            this.clockSkew = clockSkew;
            return this;
        }

        public Builder rotationPeriod(Duration rotationPeriod) {
            this.rotationPeriod = rotationPeriod;
            return this;
        }

        public Builder keyPublishLead(Duration keyPublishLead) {
            this.keyPublishLead = keyPublishLead;
            return this;
        }

        public Builder keyRefreshInterval(Duration keyRefreshInterval) {
            this.keyRefreshInterval = keyRefreshInterval;
            return this;
        }

        public Builder cacheMaxSize(int cacheMaxSize) {
            this.cacheMaxSize = cacheMaxSize;
            return this;
        }

        public Builder rejectedTtl(Duration rejectedTtl) {
            this.rejectedTtl = rejectedTtl;
            return this;
        }

        public TokenSettings build() {
            return new TokenSettings(issuer, audience, defaultLifetime, clockSkew, rotationPeriod, keyPublishLead,
                    keyRefreshInterval, cacheMaxSize, rejectedTtl);
        }
    }
}
