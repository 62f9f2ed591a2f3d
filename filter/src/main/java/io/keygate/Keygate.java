package io.keygate;

import io.keygate.keys.KeyFormat;
import io.keygate.limit.InProcessRateLimiter;
import io.keygate.limit.Plan;
import io.keygate.limit.PlanResolver;
import io.keygate.limit.RateLimiter;
import io.keygate.limit.StaticPlanResolver;
import io.keygate.service.ApiKeyService;
import io.keygate.store.ApiKeyStore;
import io.keygate.bearer.BearerTokenVerifier;
import io.keygate.store.UsageStore;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Metrics;

import java.time.Clock;
import java.util.Objects;

/**
 * The collaborators an application plugs into keygate: the key store, plan resolver, rate limiter, key format,
 * meter registry and clock, plus the {@link ApiKeyService} built on them. Build one at application start and
 * either pass it to {@code new ApiKeyAuthFilter(keygate, settings)} or publish it for filters declared in
 * {@code web.xml}:
 *
 * <pre>{@code
 * servletContext.setAttribute(Keygate.CONTEXT_ATTRIBUTE, keygate);
 * }</pre>
 *
 * <p>Close it on undeploy (it closes the rate limiter). The store is the application's to close.
 */
public final class Keygate implements AutoCloseable {

    /** ServletContext attribute under which a {@code web.xml}-declared filter finds its {@code Keygate}. */
    public static final String CONTEXT_ATTRIBUTE = "io.keygate.Keygate";

    private final ApiKeyStore store;
    private final PlanResolver plans;
    private final RateLimiter rateLimiter;
    private final KeyFormat format;
    private final MeterRegistry meterRegistry;
    private final Clock clock;
    private final ApiKeyService service;
    private final UsageStore usage;
    private final BearerTokenVerifier tokens;

    private Keygate(Builder b) {
        this.store = Objects.requireNonNull(b.store, "store cannot be null");
        this.plans = b.plans != null ? b.plans : StaticPlanResolver.single(Plan.unlimited("default"));
        this.clock = b.clock;
        this.rateLimiter = b.rateLimiter != null ? b.rateLimiter : new InProcessRateLimiter(clock);
        this.format = b.format;
        this.meterRegistry = b.meterRegistry != null ? b.meterRegistry : Metrics.globalRegistry;
        this.service = new ApiKeyService(store, format, clock, plans);
        this.usage = b.usage;
        this.tokens = b.tokens;
    }

    public static Builder builder() {
        return new Builder();
    }

    public ApiKeyStore store() {
        return store;
    }

    public PlanResolver plans() {
        return plans;
    }

    public RateLimiter rateLimiter() {
        return rateLimiter;
    }

    public KeyFormat format() {
        return format;
    }

    public MeterRegistry meterRegistry() {
        return meterRegistry;
    }

    public Clock clock() {
        return clock;
    }

    /** The token path (contract §8), or null when only API keys are accepted. */
    public BearerTokenVerifier tokens() {
        return tokens;
    }

    /** Where per-key daily usage is counted (contract §7.6), or null when usage is not recorded. */
    public UsageStore usageStore() {
        return usage;
    }

    /** Key management. The filters built on this instance listen to it, so revocations reach their caches. */
    public ApiKeyService service() {
        return service;
    }

    @Override
    public void close() {
        rateLimiter.close();
    }

    public static final class Builder {
        private ApiKeyStore store;
        private PlanResolver plans;
        private RateLimiter rateLimiter;
        private KeyFormat format = KeyFormat.standard();
        private MeterRegistry meterRegistry;
        private Clock clock = Clock.systemUTC();
        private UsageStore usage;
        private BearerTokenVerifier tokens;

        private Builder() {
        }

        /**
         * The token path (contract §8): bearer credentials it handles (JWS-shaped tokens from the token module's
         * {@code TokenService.bearerTokens()}) are verified by it and act as the API key they name. Default: none, every
         * bearer credential is an API key.
         */
        public Builder tokens(BearerTokenVerifier tokens) {
            this.tokens = tokens;
            return this;
        }

        /**
         * Where per-key daily usage goes (authenticated, rate-limited and forbidden requests per key and UTC day).
         * Default: none, usage is not counted. The engine counts in memory and writes behind in batches.
         */
        public Builder usageStore(UsageStore usage) {
            this.usage = usage;
            return this;
        }

        /** Required. */
        public Builder store(ApiKeyStore store) {
            this.store = store;
            return this;
        }

        /** Default: every organization has API access without limits. */
        public Builder planResolver(PlanResolver plans) {
            this.plans = plans;
            return this;
        }

        /** Default: {@link InProcessRateLimiter} on this builder's clock. */
        public Builder rateLimiter(RateLimiter rateLimiter) {
            this.rateLimiter = rateLimiter;
            return this;
        }

        /** Default: {@link KeyFormat#standard()} ({@code sk_live_}, {@code sk_test_}). */
        public Builder keyFormat(KeyFormat format) {
            this.format = Objects.requireNonNull(format, "format cannot be null");
            return this;
        }

        /** Default: Micrometer's global registry. */
        public Builder meterRegistry(MeterRegistry meterRegistry) {
            this.meterRegistry = meterRegistry;
            return this;
        }

        /** Default: system UTC. */
        public Builder clock(Clock clock) {
            this.clock = Objects.requireNonNull(clock, "clock cannot be null");
            return this;
        }

        public Keygate build() {
            return new Keygate(this);
        }
    }
}
