package io.keygate.store;

import io.keygate.keys.ApiKey;
import io.keygate.keys.Owner;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Predicate;

/**
 * Keys, service accounts, teams and the audit log in memory: for tests, demos and tiny single-node setups where
 * everything may be lost on restart. Thread-safe: writes are serialized on this object, so a change and its audit
 * event are one atomic step and the id and hash indexes stay consistent; key reads are lock-free.
 * {@link #search} sorts all keys and is O(n log n): use a real store for large key sets.
 *
 * <p>Audit events whose fields exceed {@link AuditEvent#MAX_FIELD_LENGTH} are refused with an
 * {@link IllegalArgumentException} before anything changes, as the SQL stores refuse them, so code that works here
 * does not fail on a database.
 */
public final class InMemoryApiKeyStore implements ManagementStore {

    static final Comparator<ApiKey> NEWEST_FIRST =
            Comparator.comparing(ApiKey::createdAt).reversed().thenComparing(ApiKey::id);
    private static final Comparator<ServiceAccount> ACCOUNTS_NEWEST_FIRST =
            Comparator.comparing(ServiceAccount::createdAt).reversed().thenComparing(ServiceAccount::id);
    private static final Comparator<AuditEvent> EVENTS_NEWEST_FIRST =
            Comparator.comparing(AuditEvent::at).reversed().thenComparing(AuditEvent::id);

    private final Map<String, ApiKey> byId = new ConcurrentHashMap<>();
    private final Map<String, String> idByHash = new ConcurrentHashMap<>();
    /** Old key id to the id of the key that replaced it: a key is rotated at most once. */
    private final Map<String, String> successorById = new ConcurrentHashMap<>();
    private final Map<String, ServiceAccount> accounts = new ConcurrentHashMap<>();
    private final Map<String, Team> teams = new ConcurrentHashMap<>();
    /** Guarded by {@code this}. */
    private final List<AuditEvent> events = new ArrayList<>();

    private final ServiceAccountStore accountStore = new Accounts();
    private final TeamStore teamStore = new Teams();
    private final AuditLog auditLog = new Audit();

    @Override
    public Optional<ApiKey> findByHash(String hash) {
        String id = idByHash.get(hash);
        return id == null ? Optional.empty() : Optional.ofNullable(byId.get(id));
    }

    @Override
    public Optional<ApiKey> findById(String id) {
        return Optional.ofNullable(byId.get(id));
    }

    @Override
    public synchronized void insert(ApiKey key, AuditEvent event) {
        checkFits(event);
        if (event != null) {
            checkOwner(key);
        }
        put(key);
        append(event);
    }

    private void put(ApiKey key) {
        if (byId.containsKey(key.id()) || idByHash.containsKey(key.hash())) {
            throw new DuplicateKeyException("a key with id " + key.id() + " or the same hash exists");
        }
        byId.put(key.id(), key);
        idByHash.put(key.hash(), key.id());
    }

    @Override
    public synchronized boolean revoke(String id, Instant revokedAt, AuditEvent event) {
        checkFits(event);
        ApiKey key = byId.get(id);
        boolean changed = key != null && key.revokedAt() == null;
        if (changed) {
            byId.put(id, key.withRevokedAt(revokedAt));
        }
        append(event);
        return changed;
    }

    @Override
    public synchronized RotationResult rotate(ApiKey replacement, String oldId, Instant oldRevokedAt,
                                              Instant oldExpiresAt, AuditEvent event) {
        if ((oldRevokedAt == null) == (oldExpiresAt == null)) {
            throw new IllegalArgumentException("exactly one of oldRevokedAt and oldExpiresAt must be given");
        }
        checkFits(event);
        ApiKey old = byId.get(oldId);
        if (old == null) {
            return RotationResult.NOT_FOUND;
        }
        if (successorById.containsKey(oldId)) {
            return RotationResult.ALREADY_ROTATED;
        }
        if (old.statusAt(replacement.createdAt()) != ApiKey.Status.ACTIVE) {
            return RotationResult.NOT_ACTIVE;
        }
        if (event != null) {
            checkOwner(replacement);
        }
        put(replacement);
        successorById.put(oldId, replacement.id());
        byId.put(oldId, oldRevokedAt != null ? old.withRevokedAt(oldRevokedAt) : old.withExpiresAt(oldExpiresAt));
        append(event);
        return RotationResult.ROTATED;
    }

    @Override
    public Page<ApiKey> search(KeyQuery query) {
        String needle = lower(query.nameContains());
        Instant asOf = query.asOf() != null ? query.asOf() : Instant.now();
        List<ApiKey> matches = byId.values().stream()
                .filter(equal(query.organizationId(), ApiKey::organizationId))
                .filter(k -> needle == null || lower(k.name()).contains(needle))
                .filter(k -> query.status() == null || k.statusAt(asOf) == query.status())
                .filter(k -> query.environment() == null || k.environment() == query.environment())
                .filter(equal(query.teamId(), ApiKey::teamId))
                .filter(k -> query.ownerType() == null || k.owner().type() == query.ownerType())
                .filter(equal(query.ownerId(), k -> k.owner().id()))
                .sorted(NEWEST_FIRST)
                .toList();
        return page(matches, query.page(), query.size(), query.offset());
    }

    @Override
    public void recordLastUsed(Map<String, Instant> lastUsedById) {
        lastUsedById.forEach((id, at) -> byId.computeIfPresent(id, (k, key) ->
                key.lastUsedAt() != null && !at.isAfter(key.lastUsedAt()) ? key : key.withLastUsedAt(at)));
    }

    public int size() {
        return byId.size();
    }

    @Override
    public ServiceAccountStore serviceAccounts() {
        return accountStore;
    }

    @Override
    public TeamStore teams() {
        return teamStore;
    }

    @Override
    public AuditLog auditLog() {
        return auditLog;
    }

    // ---- helpers (callers hold the lock where they write) ----

    private void checkOwner(ApiKey key) {
        if (key.owner().type() != Owner.Type.SERVICE_ACCOUNT) {
            return;
        }
        ServiceAccount account = accounts.get(key.owner().id());
        if (account == null || !account.isActive() || !account.organizationId().equals(key.organizationId())) {
            throw new InactiveOwnerException("service account " + key.owner().id()
                    + " is not an active service account of organization " + key.organizationId());
        }
    }

    private void append(AuditEvent event) {
        if (event != null) {
            events.add(event);
        }
    }

    /** The column limits of the SQL stores. */
    static void checkFits(AuditEvent event) {
        if (event == null) {
            return;
        }
        AuditEvent.Actor actor = event.actor();
        String[] fields = {event.id(), actor.keyId(), actor.organizationId(),
                actor.owner() == null ? null : actor.owner().id(), event.target().id(), event.organizationId(),
                event.clientAddress()};
        for (String f : fields) {
            if (f != null && f.length() > AuditEvent.MAX_FIELD_LENGTH) {
                throw new IllegalArgumentException("an audit event field is longer than "
                        + AuditEvent.MAX_FIELD_LENGTH + " characters");
            }
        }
    }

    private static <T> Predicate<T> equal(String wanted, java.util.function.Function<T, String> field) {
        return t -> wanted == null || wanted.equals(field.apply(t));
    }

    private static String lower(String s) {
        return s == null ? null : s.toLowerCase(Locale.ROOT);
    }

    private static <T> Page<T> page(List<T> matches, int page, int size, long offset) {
        int from = (int) Math.min(matches.size(), offset);
        int to = Math.min(matches.size(), from + size);
        return new Page<>(matches.subList(from, to), page, size, matches.size());
    }

    private final class Accounts implements ServiceAccountStore {

        @Override
        public void insert(ServiceAccount account, AuditEvent event) {
            synchronized (InMemoryApiKeyStore.this) {
                checkFits(event);
                if (accounts.containsKey(account.id())) {
                    throw new DuplicateKeyException("a service account with id " + account.id() + " exists");
                }
                accounts.put(account.id(), account);
                append(event);
            }
        }

        @Override
        public Optional<ServiceAccount> findById(String id) {
            return Optional.ofNullable(accounts.get(id));
        }

        @Override
        public Page<ServiceAccount> search(ServiceAccountQuery query) {
            String needle = lower(query.nameContains());
            List<ServiceAccount> matches = accounts.values().stream()
                    .filter(equal(query.organizationId(), ServiceAccount::organizationId))
                    .filter(a -> needle == null || lower(a.name()).contains(needle))
                    .filter(a -> query.status() == null || a.status() == query.status())
                    .sorted(ACCOUNTS_NEWEST_FIRST)
                    .toList();
            return page(matches, query.page(), query.size(), query.offset());
        }

        @Override
        public Optional<Disabled> disable(String id, Instant at, AuditEvent event) {
            synchronized (InMemoryApiKeyStore.this) {
                checkFits(event);
                ServiceAccount account = accounts.get(id);
                if (account == null) {
                    return Optional.empty();
                }
                if (account.isActive()) {
                    account = account.withDisabledAt(at);
                    accounts.put(id, account);
                }
                List<ApiKey> revoked = new ArrayList<>();
                for (ApiKey k : byId.values()) {
                    if (k.revokedAt() == null && k.owner().type() == Owner.Type.SERVICE_ACCOUNT
                            && k.owner().id().equals(id)) {
                        ApiKey after = k.withRevokedAt(at);
                        byId.put(k.id(), after);
                        revoked.add(after);
                    }
                }
                append(event);
                return Optional.of(new Disabled(account, revoked));
            }
        }

        @Override
        public boolean enable(String id) {
            synchronized (InMemoryApiKeyStore.this) {
                ServiceAccount account = accounts.get(id);
                if (account == null || account.isActive()) {
                    return false;
                }
                accounts.put(id, account.withDisabledAt(null));
                return true;
            }
        }
    }

    private final class Teams implements TeamStore {

        @Override
        public Optional<Team> findById(String id) {
            return Optional.ofNullable(teams.get(id));
        }

        @Override
        public List<Team> list(String organizationId) {
            return teams.values().stream()
                    .filter(equal(organizationId, Team::organizationId))
                    .sorted(Comparator.comparing(Team::id))
                    .toList();
        }

        @Override
        public void save(Team team) {
            synchronized (InMemoryApiKeyStore.this) {
                Team existing = teams.get(team.id());
                if (existing != null && !existing.organizationId().equals(team.organizationId())) {
                    throw new IllegalArgumentException("team " + team.id() + " belongs to another organization");
                }
                teams.put(team.id(), team);
            }
        }
    }

    private final class Audit implements AuditLog {

        @Override
        public void append(AuditEvent event) {
            synchronized (InMemoryApiKeyStore.this) {
                checkFits(java.util.Objects.requireNonNull(event, "event cannot be null"));
                events.add(event);
            }
        }

        @Override
        public Page<AuditEvent> search(AuditQuery query) {
            List<AuditEvent> snapshot;
            synchronized (InMemoryApiKeyStore.this) {
                snapshot = new ArrayList<>(events);
            }
            List<AuditEvent> matches = snapshot.stream()
                    .filter(equal(query.organizationId(), AuditEvent::organizationId))
                    .filter(e -> query.action() == null || e.action() == query.action())
                    .filter(equal(query.targetId(), e -> e.target().id()))
                    .filter(equal(query.actorKeyId(), e -> e.actor().keyId()))
                    .filter(e -> query.outcome() == null || e.outcome() == query.outcome())
                    .sorted(EVENTS_NEWEST_FIRST)
                    .toList();
            return page(matches, query.page(), query.size(), query.offset());
        }
    }
}
