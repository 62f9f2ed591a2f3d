package io.keygate.token.signing;

import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSet;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The signing keys one node knows at one moment: every published key by generation, the JWK Set made of them, and
 * whether anything was loaded at all. Immutable; the ring swaps in a new one on every change.
 */
public final class KeyRingSnapshot {

    static final KeyRingSnapshot EMPTY = new KeyRingSnapshot(List.of(), false);

    private final List<SigningKey> keys;
    private final Map<String, SigningKey> byKid;
    private final boolean loaded;
    private final String jwkSetJson;

    KeyRingSnapshot(List<SigningKey> keys, boolean loaded) {
        this.keys = List.copyOf(keys);
        this.loaded = loaded;
        Map<String, SigningKey> map = new HashMap<>();
        List<JWK> jwks = new ArrayList<>();
        for (SigningKey k : this.keys) {
            map.put(k.kid(), k);
            jwks.add(k.publicKey());
        }
        this.byKid = Map.copyOf(map);
        this.jwkSetJson = new JWKSet(jwks).toString(true);
    }

    /** False until the store was read once. */
    public boolean loaded() {
        return loaded;
    }

    /** Published keys, oldest generation first. */
    public List<SigningKey> keys() {
        return keys;
    }

    /** The published key with this kid, or null. */
    public SigningKey byKid(String kid) {
        return kid == null ? null : byKid.get(kid);
    }

    /**
     * The key that signs at {@code now}: the newest one that has activated and may sign; before any has activated (a
     * clock a little behind the node that made the first key), the oldest that may sign. Null when none may.
     */
    public SigningKey signerAt(Instant now) {
        SigningKey chosen = null;
        for (SigningKey k : keys) {
            if (k.maySignAt(now) && (chosen == null || !k.activatesAt().isAfter(now))) {
                chosen = k;
            }
        }
        return chosen;
    }

    /** {@code {"keys":[…]}}: the public parts of {@link #keys()}. */
    public String jwkSetJson() {
        return jwkSetJson;
    }

    /** The kids of {@link #keys()}, oldest first. */
    public List<String> kids() {
        return keys.stream().map(SigningKey::kid).toList();
    }

    @Override
    public String toString() {
        return "KeyRingSnapshot" + keys;
    }
}
