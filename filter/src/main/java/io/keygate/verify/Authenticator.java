package io.keygate.verify;

import io.keygate.Keygate;
import io.keygate.bearer.BearerTokenVerifier;
import io.keygate.keys.ApiKey;
import io.keygate.keys.KeyDigest;
import io.keygate.keys.KeyFormat;
import io.keygate.keys.Permission;
import io.keygate.keys.PresentedKey;
import io.keygate.limit.Limit;
import io.keygate.limit.Plan;
import io.keygate.limit.PlanResolver;
import io.keygate.limit.RateLimitDecision;
import io.keygate.limit.RateLimitScope;
import io.keygate.limit.RateLimiter;
import io.keygate.metrics.Meters;
import io.keygate.store.StoreUnavailableException;

import java.time.Clock;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * The engine: decides what to do with a request's credential, the same way for every adapter (the servlet filter,
 * the Jakarta Security mechanism, ...). Servlet-free. Built from a {@link Keygate} and {@link EngineSettings}; owns
 * the key cache and resolver, the failed-authentication limit, the authorizer (plan, restriction, permission), the
 * rate-limit step, last-used and usage recording and the meters. Close it when its adapter stops.
 *
 * <p>{@link #authenticate} follows the contract's order of decisions (steps 2 to 10; step 1, excluded paths, is the
 * adapter's) and returns an {@link AuthOutcome}; it never throws for an expected case and does no I/O for a
 * malformed key or a key in its cache. Thread-safe.
 *
 * <pre>{@code
 * try (Authenticator engine = new Authenticator(keygate, EngineSettings.builder().adminPaths("/admin/**").build())) {
 *     AuthOutcome outcome = engine.authenticate(new Credential.Bearer(token), clientAddress, path, method);
 *     switch (outcome.kind()) { case AUTHENTICATED -> ...; case MISSING, INVALID, ... -> ...; }
 * }
 * }</pre>
 */
public final class Authenticator implements AutoCloseable {

    /** Plan name reported when a key's own {@code rate_limit} replaces its plan's limits. */
    public static final String KEY_LIMIT_PLAN_NAME = "key";
    /** Plan name reported when neither the key nor its organization has a plan. */
    public static final String NO_PLAN_NAME = "default";

    private static final AuthOutcome KEY_IN_URL = new AuthOutcome.KeyInUrl();
    private static final AuthOutcome MISSING = new AuthOutcome.Missing(false);
    private static final AuthOutcome MALFORMED_HEADER = new AuthOutcome.Missing(true);
    private static final AuthOutcome MALFORMED = new AuthOutcome.Invalid(AuthOutcome.Invalid.Reason.MALFORMED);
    private static final AuthOutcome UNKNOWN = new AuthOutcome.Invalid(AuthOutcome.Invalid.Reason.UNKNOWN);
    private static final AuthOutcome REVOKED = new AuthOutcome.Invalid(AuthOutcome.Invalid.Reason.REVOKED);
    private static final AuthOutcome EXPIRED = new AuthOutcome.Expired();
    private static final AuthOutcome TOKEN_EXPIRED = new AuthOutcome.Expired(true);

    private final Keygate keygate;
    private final EngineSettings settings;
    private final KeyFormat format;
    private final PlanResolver plans;
    private final RateLimiter limiter;
    private final Clock clock;
    private final EngineMetrics metrics;
    private final KeyResolver resolver;
    private final FailureLimiter failures;
    private final Authorizer authorizer;
    private final LastUsedRecorder lastUsed;
    /** The token path, or null when only API keys are accepted. */
    private final BearerTokenVerifier tokens;
    /** Per-key daily usage, or null when the {@code Keygate} has no usage store. */
    private final UsageRecorder usage;
    private final AuthOutcome unavailable;
    private final boolean perOrganization;

    public Authenticator(Keygate keygate, EngineSettings settings) {
        this(keygate, settings, WriteBehindSchedule.Ticks.timerThread("keygate-lastused"));
    }

    /** With the write-behind's ticking injected (tests). */
    Authenticator(Keygate keygate, EngineSettings settings, WriteBehindSchedule.Ticks ticks) {
        this.keygate = Objects.requireNonNull(keygate, "keygate cannot be null");
        this.settings = Objects.requireNonNull(settings, "settings cannot be null");
        this.format = keygate.format();
        this.plans = keygate.plans();
        this.limiter = keygate.rateLimiter();
        this.clock = keygate.clock();
        this.metrics = new EngineMetrics(keygate.meterRegistry(), clock, format::redactKeys);
        this.resolver = new KeyResolver(keygate.store(), clock, metrics, settings.cacheMaxSize(), settings.cacheTtl(),
                settings.staleIfError(), settings.negativeCacheMaxSize(), settings.negativeCacheTtl());
        metrics.bindCache(resolver.cache());
        this.failures = new FailureLimiter(settings.failedAuthLimit(), settings.failedAuthMaxClients(), clock);
        this.authorizer = new Authorizer(settings);
        this.lastUsed = new LastUsedRecorder(keygate.store(), clock, metrics, settings.lastUsedFlushInterval(),
                settings.lastUsedMaxPending(), ticks);
        this.tokens = keygate.tokens();
        this.usage = keygate.usageStore() == null ? null : new UsageRecorder(keygate.usageStore(), clock,
                keygate.meterRegistry(), settings.usageFlushInterval(), settings.usageMaxPending(), ticks);
        this.unavailable = new AuthOutcome.Unavailable(settings.unavailableRetryAfterSeconds());
        this.perOrganization = settings.rateLimitScope() == RateLimitScope.ORGANIZATION;
        keygate.service().addListener(resolver);
    }

    public EngineSettings settings() {
        return settings;
    }

    /**
     * Decides a request (steps 2 to 10 of the contract's order), counts it in the meters and, when authenticated,
     * notes the key's last use.
     *
     * @param credential    what the adapter read from the request
     * @param clientAddress whom failed attempts are counted against (never logged, never a tag)
     * @param path          the path inside the application, as restriction templates and admin paths see it
     * @param method        the HTTP method, case-sensitive ({@code get} is not {@code GET})
     */
    public AuthOutcome authenticate(Credential credential, String clientAddress, String path, String method) {
        return authenticate(credential, () -> clientAddress, path, method);
    }

    /**
     * The same, for an adapter whose client address costs something to read (a container may format it per call):
     * {@code clientAddress} is asked only when the failed-authentication limit is consulted, that is for credentials
     * that are not a key this node holds verified, and at most once per call.
     */
    public AuthOutcome authenticate(Credential credential, Supplier<String> clientAddress, String path,
                                    String method) {
        long started = System.nanoTime();
        AuthOutcome outcome = decide(credential, clientAddress, path, method);
        metrics.outcome(outcome.kind(), System.nanoTime() - started);
        return outcome;
    }

    private AuthOutcome decide(Credential credential, Supplier<String> clientAddress, String path, String method) {
        if (credential instanceof Credential.Bearer bearer) {
            if (tokens != null && tokens.handles(bearer.token())) {
                return verifyToken(bearer.token(), clientAddress, path, method);
            }
            if (bearer.token().length() > Credential.MAX_TOKEN_LENGTH) {
                return MALFORMED_HEADER;
            }
            return verify(bearer.token(), clientAddress, path, method);
        }
        if (credential instanceof Credential.Missing missing) {
            return missing.malformed() ? MALFORMED_HEADER : MISSING;
        }
        return KEY_IN_URL;
    }

    private AuthOutcome verify(String token, Supplier<String> client, String path, String method) {
        PresentedKey presented = format.check(token);
        if (presented == null) {
            String address = client.get();
            AuthOutcome blocked = blocked(address);
            return blocked != null ? blocked : failed(address, MALFORMED);
        }
        KeyDigest digest = presented.digest();
        // one clock reading for the cache's freshness and the key's expiry
        long now = clock.millis();
        KeyResolver.Found known = resolver.cached(digest, now);
        String address = null;
        if (known == null) {
            // the failed-authentication limit guards the store: a key this node verified before still passes, so a
            // flood of bad keys from a shared address (NAT, proxy) never locks its valid clients out
            address = client.get();
            AuthOutcome blocked = blocked(address);
            if (blocked != null) {
                return blocked;
            }
        }
        return admit(resolver.resolve(digest, known, now), address, client, path, method, false, now);
    }

    /**
     * The token path (contract §8): the token is verified locally (a token this node verified before costs a cache
     * read; the failed-authentication limit guards only the signature check of a new one), then the request acts as
     * the key it names, resolved by id through the key cache, so a revoked key's tokens fail at once (and on other
     * nodes as soon as the revocation broadcast evicts the key there). Failed tokens count against the client address.
     */
    private AuthOutcome verifyToken(String token, Supplier<String> client, String path, String method) {
        String[] address = new String[1];
        AuthOutcome[] blocked = new AuthOutcome[1];
        BearerTokenVerifier.Result result = tokens.verify(token, () -> {
            address[0] = client.get();
            blocked[0] = blocked(address[0]);
            return blocked[0] == null;
        });
        switch (result.status()) {
            case BLOCKED -> {
                return blocked[0];
            }
            case INVALID -> {
                return failed(address[0], client, MALFORMED);
            }
            case EXPIRED -> {
                return failed(address[0], client, TOKEN_EXPIRED);
            }
            case UNAVAILABLE -> {
                return unavailable;
            }
            case VALID -> {
            }
        }
        long now = clock.millis();
        return admit(resolver.resolveById(result.keyId(), now), address[0], client, path, method, true, now);
    }

    /**
     * What follows the resolution of a key, for both credentials: unknown, unavailable, revoked and expired keys are
     * refused (failures counted against the client address, read now unless the caller already has it); an active key
     * goes on to {@link #authorizeAndLimit}. A token cannot outlive its key: the key's expiry ends it like its own.
     */
    private AuthOutcome admit(KeyResolver.Resolution resolution, String address, Supplier<String> client, String path,
                              String method, boolean viaToken, long now) {
        if (resolution instanceof KeyResolver.Unknown) {
            return failed(address, client, UNKNOWN);
        }
        if (!(resolution instanceof KeyResolver.Found found)) {
            return unavailable;
        }
        VerifiedKey key = found.key();
        switch (key.statusAt(now)) {
            case REVOKED -> {
                return failed(address, client, REVOKED);
            }
            case EXPIRED -> {
                return failed(address, client, viaToken ? TOKEN_EXPIRED : EXPIRED);
            }
            case ACTIVE -> {
            }
        }
        return authorizeAndLimit(key, path, method, viaToken, now);
    }

    /**
     * Steps 7 to 10 for a resolved active key. {@code now} is the request's one reading of the engine's clock (taken
     * before the key was resolved): last use and usage are noted at it, so a cached key's request reads the clock
     * once here, not once per recorder (a reading costs ~20 ns, a few percent of the whole filter).
     */
    private AuthOutcome authorizeAndLimit(VerifiedKey key, String path, String method, boolean viaToken, long now) {
        Plan organizationPlan;
        Plan keyPlan;
        try {
            organizationPlan = plans.forOrganization(key.organizationId()).orElse(null);
            keyPlan = key.plan() == null ? organizationPlan : plans.byName(key.plan()).orElse(null);
        } catch (RuntimeException e) {
            return backendFailed(Meters.COMPONENT_PLANS, e);
        }
        AuthOutcome denied = authorizer.deny(key, organizationPlan, keyPlan, path, method);
        if (denied != null) {
            countUsage(key, UsageRecorder.FORBIDDEN, now);
            return denied;
        }
        String planName = planName(key.rateLimit() != null, keyPlan);
        List<Limit> limits = key.rateLimit() != null ? key.rateLimits() : keyPlan != null ? keyPlan.limits() : List.of();
        RateLimitDecision decision;
        try {
            decision = limiter.tryAcquire(perOrganization ? key.organizationBucket() : key.keyBucket(), planName,
                    limits);
        } catch (RuntimeException e) {
            return backendFailed(Meters.COMPONENT_LIMITER, e);
        }
        if (decision instanceof RateLimitDecision.Admitted a) {
            countUsage(key, UsageRecorder.AUTHENTICATED, now);
            lastUsed.touch(key.id(), now);
            return new AuthOutcome.Authenticated(key, planName, a.window(), viaToken);
        }
        if (decision instanceof RateLimitDecision.Rejected r) {
            countUsage(key, UsageRecorder.RATE_LIMITED, now);
            return new AuthOutcome.RateLimited(key, planName, r.window(), r.retryAfterSeconds());
        }
        return new AuthOutcome.Unavailable(((RateLimitDecision.Unavailable) decision).retryAfterSeconds());
    }

    /** The name the limiter and the principal know a key's limits by: its own limit, else the plan that applies. */
    private static String planName(boolean ownRateLimit, Plan keyPlan) {
        return ownRateLimit ? KEY_LIMIT_PLAN_NAME : keyPlan != null ? keyPlan.name() : NO_PLAN_NAME;
    }

    /**
     * The name of the plan a request of {@code key} would run under (the outcome's and the principal's plan name), or empty
     * when the plans grant its organization (or the key) no API access. For adapters that act as a stored key
     * without a credential to authenticate (the sample's console acts as the key its session was opened with).
     *
     * @throws RuntimeException what the {@link PlanResolver} throws
     */
    public Optional<String> planName(ApiKey key) {
        Plan organizationPlan = plans.forOrganization(key.organizationId()).orElse(null);
        Plan keyPlan = key.plan() == null ? organizationPlan : plans.byName(key.plan()).orElse(null);
        return Authorizer.apiAccess(organizationPlan, keyPlan)
                ? Optional.of(planName(key.rateLimit() != null, keyPlan)) : Optional.empty();
    }

    private void countUsage(VerifiedKey key, int outcome, long now) {
        if (usage != null) {
            usage.record(key.id(), outcome, now);
        }
    }

    /** An unexpected backend failure is still answered 503, but counted and logged (an outage is only answered). */
    private AuthOutcome backendFailed(String component, RuntimeException e) {
        if (!(e instanceof StoreUnavailableException)) {
            metrics.backendError(component, e);
        }
        return unavailable;
    }

    /** Admin paths need admin; read methods need read; everything else needs write. */
    public Permission requiredPermission(String path, String method) {
        return authorizer.requiredPermission(path, method);
    }

    private AuthOutcome blocked(String clientAddress) {
        long blockedFor = failures.retryAfterSeconds(clientAddress);
        return blockedFor > 0 ? new AuthOutcome.Blocked(blockedFor) : null;
    }

    private AuthOutcome failed(String clientAddress, AuthOutcome outcome) {
        failures.recordFailure(clientAddress);
        return outcome;
    }

    /** The same, with the address read from {@code client} unless the caller already read it ({@code address}). */
    private AuthOutcome failed(String address, Supplier<String> client, AuthOutcome outcome) {
        return failed(address != null ? address : client.get(), outcome);
    }

    /** One line of the effective engine configuration, for the adapter's INFO line at start. */
    public String describe() {
        return "prefixes=" + format.livePrefix() + "/" + format.testPrefix() + ", admin=" + settings.adminPaths()
                + ", restrictions=" + settings.restrictions() + ", cache=" + settings.cacheMaxSize() + "/"
                + settings.cacheTtl().toSeconds() + "s (stale-if-error " + settings.staleIfError().toSeconds()
                + "s, negative " + settings.negativeCacheTtl().toSeconds() + "s), failed-auth-limit="
                + settings.failedAuthLimit() + ", rate-limit-scope=" + settings.rateLimitScope().paramValue()
                + ", limiter=" + limiter.getClass().getSimpleName() + ", store="
                + keygate.store().getClass().getSimpleName() + ", last-used-flush="
                + settings.lastUsedFlushInterval().toSeconds() + "s";
    }

    /**
     * Stops listening for revocations, makes the final last-used and usage flushes, empties the caches, removes the
     * meters.
     */
    @Override
    public void close() {
        keygate.service().removeListener(resolver);
        lastUsed.close();
        if (usage != null) {
            usage.close();
        }
        resolver.invalidateAll();
        metrics.close();
    }

    // for tests of this package
    KeyResolver resolver() {
        return resolver;
    }

    LastUsedRecorder lastUsed() {
        return lastUsed;
    }
}
