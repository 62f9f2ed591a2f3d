package io.keygate.service;

import io.keygate.keys.ApiKey;
import io.keygate.keys.Owner;
import io.keygate.store.AuditEvent;
import io.keygate.store.DuplicateKeyException;
import io.keygate.store.KeyQuery;
import io.keygate.store.Page;
import io.keygate.store.ServiceAccount;
import io.keygate.store.ServiceAccountQuery;
import io.keygate.store.ServiceAccountStore;

import java.util.Objects;
import java.util.Optional;

/**
 * Service accounts (contract §7.2): non-human owners of keys. Disabling one revokes every key it owns in the same
 * transaction and then tells every {@link RevocationListener} about each (the filters' caches, the cluster
 * broadcast), before the call returns. Thread-safe.
 *
 * <p>Management operations take the caller's {@link Actor} and are audited like key operations: an account belongs
 * to the caller's organization unless the caller is a platform admin; a caller with a team creates accounts of
 * that team only; accounts of other organizations are invisible (empty). Disabling needs the right to revoke each of
 * the account's active keys (contract §7.1), since it revokes them all. System operations (no actor) are for
 * bootstrap and provisioning.
 */
public final class ServiceAccountService {

    public static final String ID_PREFIX = "sa_";
    public static final int MAX_NAME_LENGTH = Inputs.MAX_NAME_LENGTH;

    private final Context context;
    private final ApiKeyService keys;
    private final Rules rules;
    private final Events events;

    ServiceAccountService(ApiKeyService keys) {
        this.keys = Objects.requireNonNull(keys, "keys cannot be null");
        this.context = keys.context();
        this.rules = new Rules(context);
        this.events = new Events(context);
    }

    // ---- management operations ----

    /**
     * Creates an active account. The organization defaults to the caller's, the team to the caller's team.
     *
     * @throws ValidationException if the name is not 1..128 characters, an id is malformed or the team is not one of
     *                             the organization's
     * @throws ForbiddenException  if the organization is another one and the caller no platform admin, or the caller
     *                             has a team and the account another
     */
    public ServiceAccount create(Actor actor, NewServiceAccount spec) {
        Objects.requireNonNull(actor, "actor cannot be null");
        Objects.requireNonNull(spec, "spec cannot be null");
        context.audit();
        NewServiceAccount effective = new NewServiceAccount(spec.name(),
                spec.organizationId() != null ? spec.organizationId() : actor.organizationId(),
                spec.teamId() != null ? spec.teamId() : actor.teamId());
        validate(effective);
        try {
            rules.checkOrganization(actor, effective.organizationId());
            if (actor.teamId() != null && !actor.teamId().equals(effective.teamId())) {
                throw new ForbiddenException(ManagementRule.TEAM, "team_id", "team: team_id must be "
                        + Inputs.quote(context.format, actor.teamId()) + ", the calling key's own team");
            }
        } catch (ForbiddenException refusal) {
            throw events.denied(actor, AuditEvent.Action.SERVICE_ACCOUNT_CREATE, AuditEvent.TargetType.SERVICE_ACCOUNT,
                    null, effective.organizationId(), refusal);
        }
        keys.checkTeam(effective.teamId(), effective.organizationId());
        ServiceAccount account = newAccount(context.newId(ID_PREFIX), effective);
        AuditEvent event = events.success(actor, AuditEvent.Action.SERVICE_ACCOUNT_CREATE,
                AuditEvent.TargetType.SERVICE_ACCOUNT, account.id(), account.organizationId());
        store().insert(account, event);
        events.written(event);
        return account;
    }

    /** The account, if the actor may see it (its organization's; every one for platform admins). */
    public Optional<ServiceAccount> get(Actor actor, String id) {
        Objects.requireNonNull(actor, "actor cannot be null");
        return get(id).filter(a -> rules.sees(actor, a.organizationId()));
    }

    /**
     * Accounts the actor may see: without an organization, its own (all for platform admins).
     *
     * @throws ValidationException if a filter is malformed
     * @throws ForbiddenException  if the query names another organization
     */
    public Page<ServiceAccount> search(Actor actor, ServiceAccountQuery query) {
        Objects.requireNonNull(actor, "actor cannot be null");
        checked(query);
        if (query.organizationId() == null) {
            return store().search(query.withOrganizationId(
                    rules.isPlatformAdmin(actor) ? null : actor.organizationId()));
        }
        rules.checkOrganization(actor, query.organizationId());
        return store().search(query);
    }

    /**
     * Disables the account and revokes every key it owns, in one transaction, then evicts every revoked key from
     * the caches of this node and (through the broadcasting listeners) of every node. Again: changes nothing, still
     * audited.
     *
     * @return the account after the call; empty if there is no such account or the actor may not see it
     * @throws ForbiddenException if the actor could not revoke one of the account's active keys itself
     */
    public Optional<ServiceAccount> disable(Actor actor, String id) {
        Objects.requireNonNull(actor, "actor cannot be null");
        context.audit();
        Optional<ServiceAccount> existing = get(id);
        if (existing.isEmpty()) {
            return Optional.empty();
        }
        ServiceAccount account = existing.get();
        AuditEvent.Action action = AuditEvent.Action.SERVICE_ACCOUNT_DISABLE;
        AuditEvent.TargetType type = AuditEvent.TargetType.SERVICE_ACCOUNT;
        if (!rules.sees(actor, account.organizationId())) {
            events.denied(actor, action, type, account.id(), account.organizationId(), rules.organization(actor));
            return Optional.empty();
        }
        try {
            checkMayRevokeEveryKey(actor, account);
        } catch (ForbiddenException refusal) {
            throw events.denied(actor, action, type, account.id(), account.organizationId(), refusal);
        }
        AuditEvent event = events.success(actor, action, type, account.id(), account.organizationId());
        Optional<ServiceAccountStore.Disabled> done = store().disable(account.id(), context.now(), event);
        events.written(event);
        done.ifPresent(this::announce);
        return done.map(ServiceAccountStore.Disabled::account);
    }

    private void checkMayRevokeEveryKey(Actor actor, ServiceAccount account) {
        KeyQuery.Builder query = KeyQuery.builder()
                .ownerType(Owner.Type.SERVICE_ACCOUNT)
                .ownerId(account.id())
                .status(ApiKey.Status.ACTIVE, context.clock.instant())
                .size(KeyQuery.MAX_SIZE);
        for (int page = 1; ; page++) {
            Page<ApiKey> keysOfAccount = context.keys.search(query.page(page).build());
            for (ApiKey key : keysOfAccount.items()) {
                rules.checkManage(actor, key);
            }
            if ((long) page * KeyQuery.MAX_SIZE >= keysOfAccount.total()) {
                return;
            }
        }
    }

    // ---- system operations ----

    /** Creates an active account (a system operation: no rule, no audit event). The organization is required. */
    public ServiceAccount create(NewServiceAccount spec) {
        Objects.requireNonNull(spec, "spec cannot be null");
        validate(spec);
        ServiceAccount account = newAccount(context.newId(ID_PREFIX), spec);
        store().insert(account, null);
        return account;
    }

    /**
     * The account with this id, created (or made active again) if needed: for accounts with a fixed id such as
     * the bootstrap's (a system operation). A concurrent creation by another node is tolerated.
     *
     * @throws IllegalStateException if the id belongs to an account of another organization
     */
    public ServiceAccount ensure(String id, String name, String organizationId) {
        Inputs.id("id", id);
        NewServiceAccount spec = new NewServiceAccount(name, organizationId, null);
        validate(spec);
        Optional<ServiceAccount> existing = get(id);
        if (existing.isEmpty()) {
            try {
                store().insert(newAccount(id, spec), null);
            } catch (DuplicateKeyException raced) {
                // another node created it meanwhile
            }
            existing = get(id);
        }
        ServiceAccount account = existing.orElseThrow(() -> new IllegalStateException("service account " + id
                + " could not be created"));
        if (!account.organizationId().equals(organizationId)) {
            throw new IllegalStateException("service account " + id + " belongs to organization "
                    + account.organizationId() + ", not " + organizationId);
        }
        if (!account.isActive()) {
            store().enable(id);
            account = get(id).orElseThrow();
        }
        return account;
    }

    /** The account with that id (any organization), or empty; malformed ids are empty without a store call. */
    public Optional<ServiceAccount> get(String id) {
        if (!io.keygate.keys.Ids.isValid(id)) {
            return Optional.empty();
        }
        return store().findById(id);
    }

    /** Any organization's accounts (a system operation). */
    public Page<ServiceAccount> search(ServiceAccountQuery query) {
        checked(query);
        return store().search(query);
    }

    /** Disables the account and revokes its keys (a system operation: no rule, no audit event). */
    public Optional<ServiceAccount> disable(String id) {
        Optional<ServiceAccount> existing = get(id);
        if (existing.isEmpty()) {
            return Optional.empty();
        }
        Optional<ServiceAccountStore.Disabled> done = store().disable(id, context.now(), null);
        done.ifPresent(this::announce);
        return done.map(ServiceAccountStore.Disabled::account);
    }

    private void announce(ServiceAccountStore.Disabled done) {
        for (ApiKey revoked : done.revokedKeys()) {
            context.fire(revoked.hash(), true);
        }
    }

    private ServiceAccountStore store() {
        return context.accounts();
    }

    private ServiceAccount newAccount(String id, NewServiceAccount spec) {
        return new ServiceAccount(id, spec.name(), spec.organizationId(), spec.teamId(), context.now(), null);
    }

    private void validate(NewServiceAccount spec) {
        Inputs.name("name", spec.name(), 1, MAX_NAME_LENGTH);
        if (spec.organizationId() == null) {
            throw new ValidationException("organization_id", "organization_id is required");
        }
        Inputs.id("organization_id", spec.organizationId());
        Inputs.optionalId("team_id", spec.teamId());
    }

    private static void checked(ServiceAccountQuery query) {
        Objects.requireNonNull(query, "query cannot be null");
        Inputs.query("q", query.nameContains());
        Inputs.optionalId("organization_id", query.organizationId());
    }
}
