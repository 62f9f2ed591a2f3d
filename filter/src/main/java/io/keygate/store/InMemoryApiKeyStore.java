package io.keygate.store;

import io.keygate.keys.ApiKey;

import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Keys in memory: for tests, demos and tiny single-node setups where keys may be lost on restart. Thread-safe:
 * writes are serialized on this object so that the id and hash indexes stay consistent; reads are lock-free.
 * {@link #search} sorts all keys and is O(n log n): use a real store for large key sets.
 */
public final class InMemoryApiKeyStore implements ApiKeyStore {

    static final Comparator<ApiKey> NEWEST_FIRST =
            Comparator.comparing(ApiKey::createdAt).reversed().thenComparing(ApiKey::id);

    private final Map<String, ApiKey> byId = new ConcurrentHashMap<>();
    private final Map<String, String> idByHash = new ConcurrentHashMap<>();

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
    public synchronized void insert(ApiKey key) {
        if (byId.containsKey(key.id()) || idByHash.containsKey(key.hash())) {
            throw new DuplicateKeyException("a key with id " + key.id() + " or the same hash exists");
        }
        byId.put(key.id(), key);
        idByHash.put(key.hash(), key.id());
    }

    @Override
    public synchronized boolean revoke(String id, Instant revokedAt) {
        ApiKey key = byId.get(id);
        if (key == null || key.revokedAt() != null) {
            return false;
        }
        byId.put(id, key.withRevokedAt(revokedAt));
        return true;
    }

    @Override
    public synchronized boolean rotate(ApiKey replacement, String oldId, Instant oldRevokedAt, Instant oldExpiresAt) {
        ApiKey old = byId.get(oldId);
        if (old == null || old.revokedAt() != null) {
            return false;
        }
        insert(replacement);
        byId.put(oldId, oldRevokedAt != null ? old.withRevokedAt(oldRevokedAt) : old.withExpiresAt(oldExpiresAt));
        return true;
    }

    @Override
    public Page<ApiKey> search(KeyQuery query) {
        String needle = query.nameContains() == null ? null : query.nameContains().toLowerCase(Locale.ROOT);
        List<ApiKey> matches = byId.values().stream()
                .filter(k -> query.organizationId() == null || query.organizationId().equals(k.organizationId()))
                .filter(k -> needle == null || k.name().toLowerCase(Locale.ROOT).contains(needle))
                .sorted(NEWEST_FIRST)
                .toList();
        int from = (int) Math.min(matches.size(), query.offset());
        int to = Math.min(matches.size(), from + query.size());
        return new Page<>(matches.subList(from, to), query.page(), query.size(), matches.size());
    }

    @Override
    public void recordLastUsed(Map<String, Instant> lastUsedById) {
        lastUsedById.forEach((id, at) -> byId.computeIfPresent(id, (k, key) ->
                key.lastUsedAt() != null && !at.isAfter(key.lastUsedAt()) ? key : key.withLastUsedAt(at)));
    }

    public int size() {
        return byId.size();
    }
}
