package io.keygate.store;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Signing keys in memory: for tests and single-node demos where every restart may make new keys (and so invalidate
 * the tokens issued before it). Thread-safe: every method holds this object's lock, which is how two nodes sharing
 * one instance in a test still end with one key per generation.
 */
public final class InMemorySigningKeyStore implements SigningKeyStore {

    private final Map<Long, StoredSigningKey> byGeneration = new TreeMap<>();

    @Override
    public synchronized List<StoredSigningKey> findAll() {
        return List.copyOf(new ArrayList<>(byGeneration.values()));
    }

    @Override
    public synchronized boolean insertIfAbsent(StoredSigningKey key) {
        if (byGeneration.containsKey(key.generation())
                || byGeneration.values().stream().anyMatch(k -> k.kid().equals(key.kid()))) {
            return false;
        }
        byGeneration.put(key.generation(), key);
        return true;
    }

    @Override
    public synchronized boolean delete(String kid) {
        return byGeneration.values().removeIf(k -> k.kid().equals(kid));
    }
}
