package io.keygate.service;

import io.keygate.keys.ApiKey;
import io.keygate.keys.Base62;
import io.keygate.keys.GeneratedKey;
import io.keygate.keys.Ids;
import io.keygate.keys.KeyFormat;
import io.keygate.limit.Limit;
import io.keygate.limit.PlanResolver;
import io.keygate.store.ApiKeyStore;
import io.keygate.store.KeyQuery;
import io.keygate.store.Page;

import java.lang.System.Logger.Level;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * Key management: the only writer of keys. Create returns the plaintext once, after the store made the key
 * durable; revoke and rotate notify every {@link RevocationListener} (the filters' caches, a cluster broadcast)
 * before they return, so a revoked key stops working at once. Thread-safe.
 */
public final class ApiKeyService {

    public static final int MAX_NAME_LENGTH = 128;
    public static final int MAX_ID_LENGTH = Ids.MAX_LENGTH;
    public static final String ID_PREFIX = "key_";
    /** Longest rotation grace: one year (a longer one is a mistake, and near Long.MAX it overflows Instant). */
    public static final long MAX_GRACE_SECONDS = Limit.MAX_SECONDS;
    private static final int ID_RANDOM_LENGTH = 24;
    private static final System.Logger LOG = System.getLogger(ApiKeyService.class.getName());

    private final ApiKeyStore store;
    private final KeyFormat format;
    private final Clock clock;
    private final PlanResolver plans;
    private final SecureRandom random = new SecureRandom();
    private final List<RevocationListener> listeners = new CopyOnWriteArrayList<>();

    /**
     * @param plans used to check that a key's {@code plan} exists; may be null to accept any name
     */
    public ApiKeyService(ApiKeyStore store, KeyFormat format, Clock clock, PlanResolver plans) {
        this.store = Objects.requireNonNull(store, "store cannot be null");
        this.format = Objects.requireNonNull(format, "format cannot be null");
        this.clock = Objects.requireNonNull(clock, "clock cannot be null");
        this.plans = plans;
    }

    public ApiKeyService(ApiKeyStore store) {
        this(store, KeyFormat.standard(), Clock.systemUTC(), null);
    }

    public KeyFormat format() {
        return format;
    }

    public ApiKeyStore store() {
        return store;
    }

    public void addListener(RevocationListener listener) {
        listeners.add(Objects.requireNonNull(listener, "listener cannot be null"));
    }

    public void removeListener(RevocationListener listener) {
        listeners.remove(listener);
    }

    /** Creates a key. The store has it durably when this returns the plaintext. */
    public CreatedKey create(NewKey spec) {
        Objects.requireNonNull(spec, "spec cannot be null");
        validate(spec);
        return insert(spec, null, clock.instant().truncatedTo(ChronoUnit.MILLIS));
    }

    /**
     * Creates a key from an existing plaintext (a bootstrap key given by an operator). The plaintext must be a
     * well-formed key of the spec's environment.
     */
    public CreatedKey importKey(NewKey spec, String plaintext) {
        validate(spec);
        GeneratedKey generated;
        try {
            generated = format.adopt(plaintext);
        } catch (IllegalArgumentException e) {
            throw new ValidationException("key", e.getMessage());
        }
        if (generated.environment() != spec.environment()) {
            throw new ValidationException("key", "the key's prefix is not the " + spec.environment().wireName()
                    + " prefix '" + format.prefixFor(spec.environment()) + "'");
        }
        ApiKey key = build(spec, generated, null, clock.instant().truncatedTo(ChronoUnit.MILLIS));
        store.insert(key);
        return new CreatedKey(key, generated.plaintext());
    }

    private CreatedKey insert(NewKey spec, String replacesId, Instant now) {
        GeneratedKey generated = format.generate(spec.environment());
        ApiKey key = build(spec, generated, replacesId, now);
        store.insert(key);
        return new CreatedKey(key, generated.plaintext());
    }

    private ApiKey build(NewKey spec, GeneratedKey generated, String replacesId, Instant now) {
        return new ApiKey(newId(), generated.hash(), generated.prefix(), generated.start4(), generated.end4(),
                spec.name() == null ? "" : spec.name(), spec.organizationId(), blankToNull(spec.teamId()),
                spec.owner(), spec.environment(), spec.permissions(), spec.restriction(), blankToNull(spec.plan()),
                spec.rateLimit(), now, spec.expiresAt(), null, null, replacesId);
    }

    public Optional<ApiKey> get(String id) {
        if (id == null || id.isEmpty() || id.length() > MAX_ID_LENGTH) {
            return Optional.empty();
        }
        return store.findById(id);
    }

    public Page<ApiKey> search(KeyQuery query) {
        return store.search(Objects.requireNonNull(query, "query cannot be null"));
    }

    /**
     * Revokes a key now, permanently. Idempotent: revoking a revoked key changes nothing and returns it.
     *
     * @return the key as stored after the call, or empty if there is no such key
     */
    public Optional<ApiKey> revoke(String id) {
        Optional<ApiKey> existing = get(id);
        if (existing.isEmpty()) {
            return Optional.empty();
        }
        store.revoke(id, clock.instant().truncatedTo(ChronoUnit.MILLIS));
        fire(existing.get().hash(), true);
        return store.findById(id);
    }

    /**
     * Rotates a key: a new key with the same attributes replaces it. With {@code graceSeconds == 0} the old key
     * is revoked at once; otherwise it keeps working until now + grace (or its own earlier expiry).
     *
     * @return the new key with its plaintext, or empty if there is no such key
     * @throws KeyNotActiveException if the key is revoked or expired
     * @throws ValidationException   if graceSeconds is negative or over {@link #MAX_GRACE_SECONDS}
     */
    public Optional<CreatedKey> rotate(String id, long graceSeconds) {
        if (graceSeconds < 0 || graceSeconds > MAX_GRACE_SECONDS) {
            throw new ValidationException("grace_seconds", "grace_seconds must be 0.." + MAX_GRACE_SECONDS
                    + ", was " + graceSeconds);
        }
        Optional<ApiKey> existing = get(id);
        if (existing.isEmpty()) {
            return Optional.empty();
        }
        ApiKey old = existing.get();
        Instant now = clock.instant().truncatedTo(ChronoUnit.MILLIS);
        if (old.statusAt(now) != ApiKey.Status.ACTIVE) {
            throw new KeyNotActiveException("key " + id + " is " + old.statusAt(now).wireName()
                    + " and cannot be rotated");
        }
        NewKey spec = new NewKey(old.name(), old.organizationId(), old.teamId(), old.owner(), old.environment(),
                old.permissions(), old.restriction(), old.plan(), old.rateLimit(), old.expiresAt());
        GeneratedKey generated = format.generate(old.environment());
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
        if (!store.rotate(replacement, old.id(), revokeAt, expireAt)) {
            throw new KeyNotActiveException("key " + id + " is revoked and cannot be rotated");
        }
        fire(old.hash(), true);
        return Optional.of(new CreatedKey(replacement, generated.plaintext()));
    }

    /**
     * Applies a change announced by another node: evicts local caches, does not broadcast again.
     */
    public void applyRemoteChange(String keyHash) {
        fire(keyHash, false);
    }

    private void fire(String keyHash, boolean includeBroadcasters) {
        for (RevocationListener listener : listeners) {
            if (!includeBroadcasters && listener.broadcasts()) {
                continue;
            }
            try {
                listener.keyChanged(keyHash);
            } catch (RuntimeException e) {
                // a failed broadcast must not undo or hide a revocation that is already durable
                LOG.log(Level.WARNING, "revocation listener " + listener.getClass().getName() + " failed: " + e);
            }
        }
    }

    private void validate(NewKey spec) {
        if (spec.organizationId() == null || spec.organizationId().isBlank()) {
            throw new ValidationException("organization_id", "organization_id is required");
        }
        checkId("organization_id", spec.organizationId());
        if (spec.teamId() != null && !spec.teamId().isEmpty()) {
            checkId("team_id", spec.teamId());
        }
        if (spec.name() != null && spec.name().length() > MAX_NAME_LENGTH) {
            throw new ValidationException("name", "name must be at most " + MAX_NAME_LENGTH + " characters, was "
                    + spec.name().length());
        }
        if (spec.owner() == null) {
            throw new ValidationException("owner", "owner is required");
        }
        checkId("owner.id", spec.owner().id());
        if (spec.environment() == null) {
            throw new ValidationException("environment", "environment must be 'live' or 'test'");
        }
        if (spec.permissions() == null || spec.permissions().isEmpty()) {
            throw new ValidationException("permissions", "permissions must name at least one of read, write, admin");
        }
        if (spec.expiresAt() != null && !spec.expiresAt().isAfter(clock.instant())) {
            throw new ValidationException("expires_at", "expires_at must be in the future");
        }
        if (spec.plan() != null && !spec.plan().isEmpty() && plans != null && plans.byName(spec.plan()).isEmpty()) {
            throw new ValidationException("plan", "plan '" + spec.plan() + "' is not a known plan");
        }
        if (spec.restriction() != null) {
            checkId("restriction.type", spec.restriction().type());
            checkId("restriction.id", spec.restriction().id());
        }
    }

    private static void checkId(String field, String value) {
        if (value == null || value.isEmpty() || value.length() > MAX_ID_LENGTH) {
            throw new ValidationException(field, field + " must be 1.." + MAX_ID_LENGTH + " characters");
        }
        if (!Ids.isValid(value)) {
            throw new ValidationException(field, field + " may contain only letters, digits and _ - . @");
        }
    }

    private String newId() {
        char[] out = new char[ID_RANDOM_LENGTH];
        for (int i = 0; i < out.length; i++) {
            out[i] = Base62.ALPHABET.charAt(random.nextInt(62));
        }
        return ID_PREFIX + new String(out);
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s;
    }
}
