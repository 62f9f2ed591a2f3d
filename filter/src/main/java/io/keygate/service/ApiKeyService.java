package io.keygate.service;

import io.keygate.keys.ApiKey;
import io.keygate.keys.Environment;
import io.keygate.keys.GeneratedKey;
import io.keygate.keys.Ids;
import io.keygate.keys.KeyFormat;
import io.keygate.keys.Owner;
import io.keygate.limit.Limit;
import io.keygate.limit.Plan;
import io.keygate.limit.PlanResolver;
import io.keygate.store.ApiKeyStore;
import io.keygate.store.AuditEvent;
import io.keygate.store.InactiveOwnerException;
import io.keygate.store.KeyQuery;
import io.keygate.store.Page;
import io.keygate.store.RotationResult;
import io.keygate.store.ServiceAccount;
import io.keygate.store.Team;

import java.time.Clock;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * Key management: the only writer of keys. Create returns the plaintext once, after the store made the key
 * durable; revoke and rotate notify every {@link RevocationListener} (the filters' caches, a cluster broadcast)
 * before they return, so a revoked key stops working at once. Thread-safe.
 *
 * <p><b>Management operations</b> take an {@link Actor}, the caller's key: {@link #create(Actor, NewKey)},
 * {@link #get(Actor, String)}, {@link #search(Actor, KeyQuery)}, {@link #revoke(Actor, String)},
 * {@link #rotate(Actor, String, long)}. Each is checked against contract §7.1 before anything is written (no key
 * broader than its caller; a refusal is a {@link ForbiddenException} naming the rule and the field), and each
 * change and each refusal appends one audit event; a change and its event commit in one transaction. Keys of other
 * organizations are invisible to callers that are no platform admin: get, revoke and rotate answer empty, as for a
 * key that does not exist (the refused revoke or rotate is still audited, under the key's organization).
 *
 * <p><b>System operations</b> take no actor: {@link #create(NewKey)}, {@link #importKey}, {@link #get(String)},
 * {@link #search(KeyQuery)}, {@link #revoke(String)}, {@link #rotate(String, long)}. They are for code that is its
 * own authority (bootstrap, provisioning, tests): they check every field's syntax but not §7.1, not that a
 * service-account owner or a team exists, and write no audit event.
 */
public final class ApiKeyService {

    public static final int MAX_NAME_LENGTH = Inputs.MAX_NAME_LENGTH;
    public static final int MAX_ID_LENGTH = Ids.MAX_LENGTH;
    public static final String ID_PREFIX = "key_";
    /** Longest rotation grace: one year (a longer one is a mistake, and near Long.MAX it overflows Instant). */
    public static final long MAX_GRACE_SECONDS = Limit.MAX_SECONDS;
    /**
     * Latest {@code expires_at} a key may have: the end of year 9999 (later instants cannot be written in plain
     * ISO 8601 and no key needs them). Later ones are a {@link ValidationException} naming {@code expires_at}.
     */
    public static final Instant MAX_EXPIRES_AT = Inputs.MAX_EXPIRES_AT;
    /** Longest rate-limit window: {@link Limit#MAX_SECONDS}. */
    public static final long MAX_WINDOW_SECONDS = Limit.MAX_SECONDS;

    private final Context context;
    private final Rules rules;
    private final Events events;

    /**
     * A service with system operations on {@code store}; its management operations use the service accounts, teams
     * and audit log of the store when it is a {@link io.keygate.store.ManagementStore}, and {@code platform} as the
     * platform organization. {@code Keygate.builder()} wires everything else.
     *
     * @param plans used to check that a key's {@code plan} exists; may be null to accept any name
     */
    public ApiKeyService(ApiKeyStore store, KeyFormat format, Clock clock, PlanResolver plans) {
        this(new Context(store, null, null, null, null, plans, format, clock, Management.DEFAULT_PLATFORM, null));
    }

    public ApiKeyService(ApiKeyStore store) {
        this(store, KeyFormat.standard(), Clock.systemUTC(), null);
    }

    ApiKeyService(Context context) {
        this.context = context;
        this.rules = new Rules(context);
        this.events = new Events(context);
    }

    Context context() {
        return context;
    }

    public KeyFormat format() {
        return context.format;
    }

    public ApiKeyStore store() {
        return context.keys;
    }

    /** The organization whose admin keys manage every organization (default {@code platform}). */
    public String platformOrganization() {
        return context.platformOrganization;
    }

    public void addListener(RevocationListener listener) {
        context.listeners.add(Objects.requireNonNull(listener, "listener cannot be null"));
    }

    public void removeListener(RevocationListener listener) {
        context.listeners.remove(listener);
    }

    // ---- the actor ----

    /**
     * The actor behind an authenticated request: the key with id {@code keyId} (the principal's name) as the store
     * holds it now, calling from {@code clientAddress}.
     *
     * @throws ForbiddenException ({@link ManagementRule#CALLER}) if that key no longer exists or is not active
     */
    public Actor actor(String keyId, String clientAddress) {
        ApiKey key = get(keyId).orElse(null);
        if (key == null || key.statusAt(context.clock.instant()) != ApiKey.Status.ACTIVE) {
            throw new ForbiddenException(ManagementRule.CALLER, "key", "caller: the calling key is revoked or expired");
        }
        return Actor.of(key, clientAddress);
    }

    /** Whether {@code actor} is an admin key of the platform organization. */
    public boolean isPlatformAdmin(Actor actor) {
        return rules.isPlatformAdmin(actor);
    }

    // ---- management operations ----

    /**
     * Creates a key for {@code actor}. Fields the spec leaves null are inherited from the actor: organization,
     * owner, team, restriction, expiry and rate limit.
     *
     * @throws ValidationException if a field is malformed, or the owner or team does not exist in the organization
     * @throws ForbiddenException  if a rule of §7.1 forbids it, or the organization's plan has no API access
     */
    public CreatedKey create(Actor actor, NewKey spec) {
        Objects.requireNonNull(actor, "actor cannot be null");
        Objects.requireNonNull(spec, "spec cannot be null");
        context.audit();
        NewKey effective = normalize(rules.inherit(actor, spec));
        validate(effective);
        String organization = effective.organizationId();
        try {
            rules.checkCreate(actor, effective);
            checkPlanAccess(organization);
        } catch (ForbiddenException refusal) {
            throw events.denied(actor, AuditEvent.Action.KEY_CREATE, AuditEvent.TargetType.KEY, null, organization,
                    refusal);
        }
        checkOwner(effective.owner(), organization);
        checkTeam(effective.teamId(), organization);
        GeneratedKey generated = context.format.generate(effective.environment());
        ApiKey key = build(effective, generated, null, context.now());
        AuditEvent event = events.success(actor, AuditEvent.Action.KEY_CREATE, AuditEvent.TargetType.KEY, key.id(),
                organization);
        try {
            context.keys.insert(key, event);
        } catch (InactiveOwnerException e) {
            throw ownerNotActive(effective.owner(), organization);
        }
        events.written(event);
        return new CreatedKey(key, generated.plaintext());
    }

    /**
     * The key, if the actor may see it: empty for unknown ids and for keys of other organizations.
     *
     * @throws ForbiddenException if the actor is a test key and the key is live
     */
    public Optional<ApiKey> get(Actor actor, String id) {
        Objects.requireNonNull(actor, "actor cannot be null");
        Optional<ApiKey> key = get(id).filter(k -> rules.sees(actor, k.organizationId()));
        key.ifPresent(k -> rules.checkEnvironment(actor, k.environment()));
        return key;
    }

    /**
     * Keys the actor may see: without an organization, its own (all for platform admins); a test key lists test
     * keys only. Status filters are evaluated at the service's clock.
     *
     * @throws ValidationException if a filter is malformed
     * @throws ForbiddenException  if the query names another organization, or a test key asks for live keys
     */
    public Page<ApiKey> search(Actor actor, KeyQuery query) {
        Objects.requireNonNull(actor, "actor cannot be null");
        Objects.requireNonNull(query, "query cannot be null");
        KeyQuery.Builder b = checked(query).toBuilder();
        if (query.organizationId() == null) {
            b.organizationId(rules.isPlatformAdmin(actor) ? null : actor.organizationId());
        } else {
            rules.checkOrganization(actor, query.organizationId());
        }
        if (actor.environment() == Environment.TEST) {
            if (query.environment() != null) {
                rules.checkEnvironment(actor, query.environment());
            }
            b.environment(Environment.TEST);
        }
        return context.keys.search(b.build());
    }

    /**
     * Revokes a key for {@code actor}, now, permanently; idempotent (each call is audited).
     *
     * @return the key as stored after the call; empty if there is no such key or the actor may not see it
     * @throws ForbiddenException if a rule of §7.1 forbids it
     */
    public Optional<ApiKey> revoke(Actor actor, String id) {
        Objects.requireNonNull(actor, "actor cannot be null");
        context.audit();
        Optional<ApiKey> existing = get(id);
        if (existing.isEmpty()) {
            return Optional.empty();
        }
        ApiKey key = existing.get();
        if (!checkManaged(actor, key, AuditEvent.Action.KEY_REVOKE)) {
            return Optional.empty();
        }
        AuditEvent event = events.success(actor, AuditEvent.Action.KEY_REVOKE, AuditEvent.TargetType.KEY, key.id(),
                key.organizationId());
        context.keys.revoke(key.id(), context.now(), event);
        events.written(event);
        context.fire(key.hash(), true);
        return context.keys.findById(key.id());
    }

    /**
     * Rotates a key for {@code actor}: a new key with the same attributes replaces it (see
     * {@link #rotate(String, long)}). A key is rotated at most once.
     *
     * @return the new key with its plaintext; empty if there is no such key or the actor may not see it
     * @throws ForbiddenException      if a rule of §7.1 forbids it
     * @throws AlreadyRotatedException if the key has a successor already
     * @throws KeyNotActiveException   if the key is revoked or expired
     * @throws ValidationException     if graceSeconds is negative or over {@link #MAX_GRACE_SECONDS}
     */
    public Optional<CreatedKey> rotate(Actor actor, String id, long graceSeconds) {
        Objects.requireNonNull(actor, "actor cannot be null");
        context.audit();
        checkGrace(graceSeconds);
        Optional<ApiKey> existing = get(id);
        if (existing.isEmpty()) {
            return Optional.empty();
        }
        ApiKey old = existing.get();
        if (!checkManaged(actor, old, AuditEvent.Action.KEY_ROTATE)) {
            return Optional.empty();
        }
        AuditEvent event = events.success(actor, AuditEvent.Action.KEY_ROTATE, AuditEvent.TargetType.KEY, old.id(),
                old.organizationId());
        Optional<CreatedKey> rotated = doRotate(old, graceSeconds, event);
        events.written(event);
        return rotated;
    }

    /**
     * The §7.1 checks of revoke and rotate. False (after auditing the refusal) when the key is of an organization
     * the actor may not see, which its callers answer like an unknown key.
     */
    private boolean checkManaged(Actor actor, ApiKey key, AuditEvent.Action action) {
        if (!rules.sees(actor, key.organizationId())) {
            events.denied(actor, action, AuditEvent.TargetType.KEY, key.id(), key.organizationId(),
                    rules.organization(actor));
            return false;
        }
        try {
            rules.checkManage(actor, key);
        } catch (ForbiddenException refusal) {
            throw events.denied(actor, action, AuditEvent.TargetType.KEY, key.id(), key.organizationId(), refusal);
        }
        return true;
    }

    // ---- system operations ----

    /** Creates a key (a system operation: no §7.1 check, no audit event). The store has it when this returns. */
    public CreatedKey create(NewKey spec) {
        Objects.requireNonNull(spec, "spec cannot be null");
        NewKey effective = normalize(spec);
        validate(effective);
        GeneratedKey generated = context.format.generate(effective.environment());
        ApiKey key = build(effective, generated, null, context.now());
        context.keys.insert(key);
        return new CreatedKey(key, generated.plaintext());
    }

    /**
     * Creates a key from an existing plaintext (a bootstrap key given by an operator; a system operation). The
     * plaintext must be a well-formed key of the spec's environment.
     */
    public CreatedKey importKey(NewKey spec, String plaintext) {
        NewKey effective = normalize(Objects.requireNonNull(spec, "spec cannot be null"));
        validate(effective);
        GeneratedKey generated;
        try {
            generated = context.format.adopt(plaintext);
        } catch (IllegalArgumentException e) {
            throw new ValidationException("key", e.getMessage());
        }
        if (generated.environment() != effective.environment()) {
            throw new ValidationException("key", "the key's prefix is not the "
                    + effective.environment().wireName() + " prefix '"
                    + context.format.prefixFor(effective.environment()) + "'");
        }
        ApiKey key = build(effective, generated, null, context.now());
        context.keys.insert(key);
        return new CreatedKey(key, generated.plaintext());
    }

    /** The key with that id (any organization), or empty; malformed ids are empty without a store call. */
    public Optional<ApiKey> get(String id) {
        if (!Ids.isValid(id)) {
            return Optional.empty();
        }
        return context.keys.findById(id);
    }

    /** Any organization's keys (a system operation); status filters are evaluated at the service's clock. */
    public Page<ApiKey> search(KeyQuery query) {
        return context.keys.search(checked(Objects.requireNonNull(query, "query cannot be null")));
    }

    /**
     * Revokes a key now, permanently (a system operation). Idempotent: revoking a revoked key changes nothing and
     * returns it.
     *
     * @return the key as stored after the call, or empty if there is no such key
     */
    public Optional<ApiKey> revoke(String id) {
        Optional<ApiKey> existing = get(id);
        if (existing.isEmpty()) {
            return Optional.empty();
        }
        context.keys.revoke(id, context.now());
        context.fire(existing.get().hash(), true);
        return context.keys.findById(id);
    }

    /**
     * Rotates a key (a system operation): a new key with the same attributes replaces it. With
     * {@code graceSeconds == 0} the old key is revoked at once; otherwise it keeps working until now + grace (or
     * its own earlier expiry). A key is rotated at most once.
     *
     * @return the new key with its plaintext, or empty if there is no such key
     * @throws AlreadyRotatedException if the key has a successor already
     * @throws KeyNotActiveException   if the key is revoked or expired
     * @throws ValidationException     if graceSeconds is negative or over {@link #MAX_GRACE_SECONDS}
     */
    public Optional<CreatedKey> rotate(String id, long graceSeconds) {
        checkGrace(graceSeconds);
        Optional<ApiKey> existing = get(id);
        if (existing.isEmpty()) {
            return Optional.empty();
        }
        return doRotate(existing.get(), graceSeconds, null);
    }

    private Optional<CreatedKey> doRotate(ApiKey old, long graceSeconds, AuditEvent event) {
        Instant now = context.now();
        NewKey spec = new NewKey(old.name(), old.organizationId(), old.teamId(), old.owner(), old.environment(),
                old.permissions(), old.restriction(), old.plan(), old.rateLimit(), old.expiresAt());
        GeneratedKey generated = context.format.generate(old.environment());
        ApiKey replacement = build(spec, generated, old.id(), now);
        Instant revokeAt = null;
        Instant expireAt = null;
        if (graceSeconds == 0) {
            revokeAt = now;
        } else {
            expireAt = now.plusSeconds(graceSeconds);
            if (old.expiresAt() != null && old.expiresAt().isBefore(expireAt)) {
                expireAt = old.expiresAt();
            }
        }
        RotationResult result;
        try {
            result = context.keys.rotate(replacement, old.id(), revokeAt, expireAt, event);
        } catch (InactiveOwnerException e) {
            throw ownerNotActive(old.owner(), old.organizationId());
        }
        switch (result) {
            case ROTATED -> {
                context.fire(old.hash(), true);
                return Optional.of(new CreatedKey(replacement, generated.plaintext()));
            }
            case NOT_FOUND -> {
                return Optional.empty();
            }
            case ALREADY_ROTATED -> throw new AlreadyRotatedException();
            case NOT_ACTIVE -> {
                ApiKey.Status status = context.keys.findById(old.id()).map(k -> k.statusAt(now))
                        .orElse(ApiKey.Status.REVOKED);
                throw new KeyNotActiveException("key " + old.id() + " is "
                        + (status == ApiKey.Status.ACTIVE ? ApiKey.Status.REVOKED : status).wireName()
                        + " and cannot be rotated");
            }
            default -> throw new IllegalStateException("unknown rotation result " + result);
        }
    }

    /**
     * Applies a change announced by another node: evicts local caches, does not broadcast again.
     */
    public void applyRemoteChange(String keyHash) {
        context.fire(keyHash, false);
    }

    // ---- checks ----

    private static void checkGrace(long graceSeconds) {
        if (graceSeconds < 0 || graceSeconds > MAX_GRACE_SECONDS) {
            throw new ValidationException("grace_seconds", "grace_seconds must be 0.." + MAX_GRACE_SECONDS
                    + ", was " + graceSeconds);
        }
    }

    /** 403 with the plan rule when the organization's plan has no API access (contract §7.1). */
    private void checkPlanAccess(String organization) {
        if (context.plans == null) {
            return;
        }
        Optional<Plan> plan = context.plans.forOrganization(organization);
        if (plan.isPresent() && !plan.get().apiAccess()) {
            throw new ForbiddenException(ManagementRule.PLAN_ACCESS, "organization_id", "plan access: the plan '"
                    + plan.get().name() + "' of organization_id " + Inputs.quote(context.format, organization)
                    + " includes no API access");
        }
    }

    /** A service-account owner must be an active account of the key's organization (contract §7.2). */
    void checkOwner(Owner owner, String organization) {
        if (owner.type() != Owner.Type.SERVICE_ACCOUNT) {
            return;
        }
        Optional<ServiceAccount> account = context.accounts().findById(owner.id());
        if (account.isEmpty() || !account.get().isActive()
                || !account.get().organizationId().equals(organization)) {
            throw ownerNotActive(owner, organization);
        }
    }

    private ValidationException ownerNotActive(Owner owner, String organization) {
        return new ValidationException("owner.id", "owner.id: " + Inputs.quote(context.format, owner.id())
                + " is not an active service account of organization " + Inputs.quote(context.format, organization));
    }

    /** A team must be a team of the organization (contract §7.3). Without a team store teams are not checked. */
    void checkTeam(String teamId, String organization) {
        if (teamId == null || context.teams == null) {
            return;
        }
        Optional<Team> team = context.teams.findById(teamId);
        if (team.isEmpty() || !team.get().organizationId().equals(organization)) {
            throw new ValidationException("team_id", "team_id: " + Inputs.quote(context.format, teamId)
                    + " is not a team of organization " + Inputs.quote(context.format, organization));
        }
    }

    /** Filters well-formed; status evaluated now. */
    private KeyQuery checked(KeyQuery query) {
        Inputs.query("q", query.nameContains());
        optionalId("organization_id", query.organizationId());
        optionalId("team_id", query.teamId());
        optionalId("owner_id", query.ownerId());
        if (query.status() == null) {
            return query;
        }
        return query.toBuilder().status(query.status(), context.clock.instant()).build();
    }

    private static void optionalId(String field, String value) {
        Inputs.optionalId(field, value);
    }

    /** Blank team and plan mean none. */
    private static NewKey normalize(NewKey s) {
        return new NewKey(s.name(), s.organizationId(), blankToNull(s.teamId()), s.owner(), s.environment(),
                s.permissions(), s.restriction(), blankToNull(s.plan()), s.rateLimit(), s.expiresAt());
    }

    private void validate(NewKey spec) {
        if (spec.organizationId() == null || spec.organizationId().isBlank()) {
            throw new ValidationException("organization_id", "organization_id is required");
        }
        Inputs.id("organization_id", spec.organizationId());
        Inputs.optionalId("team_id", spec.teamId());
        Inputs.name("name", spec.name(), 0, MAX_NAME_LENGTH);
        if (spec.owner() == null) {
            throw new ValidationException("owner", "owner is required");
        }
        Inputs.id("owner.id", spec.owner().id());
        if (spec.environment() == null) {
            throw new ValidationException("environment", "environment must be 'live' or 'test'");
        }
        if (spec.permissions() == null || spec.permissions().isEmpty()) {
            throw new ValidationException("permissions", "permissions must name at least one of read, write, admin");
        }
        if (spec.expiresAt() != null) {
            if (!spec.expiresAt().isAfter(context.clock.instant())) {
                throw new ValidationException("expires_at", "expires_at must be in the future");
            }
            if (spec.expiresAt().isAfter(MAX_EXPIRES_AT)) {
                throw new ValidationException("expires_at", "expires_at must be no later than " + MAX_EXPIRES_AT);
            }
        }
        if (spec.plan() != null) {
            Inputs.id("plan", spec.plan());
            if (context.plans != null && context.plans.byName(spec.plan()).isEmpty()) {
                throw new ValidationException("plan", "plan " + Inputs.quote(context.format, spec.plan())
                        + " is not a known plan");
            }
        }
        if (spec.restriction() != null) {
            Inputs.id("restriction.type", spec.restriction().type());
            Inputs.id("restriction.id", spec.restriction().id());
        }
        if (spec.rateLimit() != null && spec.rateLimit().windowSeconds() > MAX_WINDOW_SECONDS) {
            throw new ValidationException("rate_limit.window_seconds", "rate_limit.window_seconds must be 1.."
                    + MAX_WINDOW_SECONDS + ", was " + spec.rateLimit().windowSeconds());
        }
    }

    private ApiKey build(NewKey spec, GeneratedKey generated, String replacesId, Instant now) {
        return new ApiKey(context.newId(ID_PREFIX), generated.hash(), generated.prefix(), generated.start4(),
                generated.end4(), spec.name() == null ? "" : spec.name(), spec.organizationId(),
                blankToNull(spec.teamId()), spec.owner(), spec.environment(), spec.permissions(), spec.restriction(),
                blankToNull(spec.plan()), spec.rateLimit(), now, spec.expiresAt(), null, null, replacesId);
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s;
    }
}
