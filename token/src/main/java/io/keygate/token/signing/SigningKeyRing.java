package io.keygate.token.signing;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.crypto.ECDSASigner;
import com.nimbusds.jose.crypto.ECDSAVerifier;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.KeyUse;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import io.keygate.store.SigningKeyStore;
import io.keygate.store.StoredSigningKey;

import java.lang.System.Logger.Level;
import java.security.SecureRandom;
import java.text.ParseException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.function.Consumer;

/**
 * The signing keys of a cluster: made, rotated and retired by whichever node gets there first, read by every node from
 * the {@link SigningKeyStore}.
 *
 * <p><b>Schedule.</b> Generation 1 is made when the store holds no key, and signs at once. The successor of the newest
 * key is made {@code publishLead} before that key's planned retirement and activates at that retirement (or
 * {@code publishLead} from now, if the cluster was down past it): every node re-reads the keys at least twice within
 * the lead, so each knows the new key before any node signs with it, and JWK Set caches (max-age a quarter of the
 * lead) have it too. A key stays published until its successor activated plus the longest token lifetime plus the
 * leeway: its last token has expired by then. A day later its row is deleted.
 *
 * <p><b>Two nodes at once.</b> Both see the same newest key and insert the same next generation; the store keeps one
 * key per generation, so exactly one insert wins and both then read the winner. No lock, no leader.
 *
 * <p><b>Private parts</b> are opened (decrypted, and checked against the public key) only for keys that may still
 * sign, once per key per process, during a refresh: never on a request thread. A key whose private part does not open
 * (another secret, an altered row) is still published and verifies tokens, but this node does not sign with it;
 * the failure is reported to {@code problems} once per key.
 *
 * <p>Thread-safety: {@link #refresh()} is serialized; {@link #snapshot()} is a volatile read of an immutable snapshot.
 */
public final class SigningKeyRing {

    /** The only algorithm this ring makes keys for. */
    public static final String ALGORITHM = "ES256";
    /** How long a retired key's row is kept after its last token expired (for nodes whose clocks lag). */
    public static final Duration RETENTION = Duration.ofDays(1);

    private static final System.Logger LOG = System.getLogger(SigningKeyRing.class.getName());
    private static final Base64.Encoder KID_ENCODING = Base64.getUrlEncoder().withoutPadding();

    private final SigningKeyStore store;
    private final PrivatePartCipher cipher;
    private final Clock clock;
    private final Duration rotationPeriod;
    private final Duration publishLead;
    private final Duration verifyWindow;
    private final Consumer<KeyRingSnapshot> listener;
    private final Consumer<RuntimeException> problems;
    private final SecureRandom random = new SecureRandom();
    private final Set<String> reportedKids = new HashSet<>();
    private volatile KeyRingSnapshot snapshot = KeyRingSnapshot.EMPTY;

    /**
     * @param verifyWindow the longest token lifetime plus the leeway: how long after a key stops signing its tokens
     *                     may still be current
     * @param listener     told of every new snapshot whose keys differ from the last one's (on the refreshing thread)
     * @param problems     told once per key of a private part that does not open
     */
    public SigningKeyRing(SigningKeyStore store, PrivatePartCipher cipher, Clock clock, Duration rotationPeriod,
                          Duration publishLead, Duration verifyWindow, Consumer<KeyRingSnapshot> listener,
                          Consumer<RuntimeException> problems) {
        this.store = Objects.requireNonNull(store, "store cannot be null");
        this.cipher = Objects.requireNonNull(cipher, "cipher cannot be null");
        this.clock = Objects.requireNonNull(clock, "clock cannot be null");
        this.rotationPeriod = Objects.requireNonNull(rotationPeriod, "rotationPeriod cannot be null");
        this.publishLead = Objects.requireNonNull(publishLead, "publishLead cannot be null");
        this.verifyWindow = Objects.requireNonNull(verifyWindow, "verifyWindow cannot be null");
        this.listener = Objects.requireNonNull(listener, "listener cannot be null");
        this.problems = Objects.requireNonNull(problems, "problems cannot be null");
    }

    /** What this node knows now. */
    public KeyRingSnapshot snapshot() {
        return snapshot;
    }

    /**
     * Reads the keys, makes the first or the next one when due, deletes rows long retired, and swaps in the new
     * snapshot.
     *
     * @throws io.keygate.store.StoreUnavailableException if the store cannot be reached (the last snapshot stays)
     */
    public synchronized KeyRingSnapshot refresh() {
        Instant now = clock.instant();
        List<StoredSigningKey> rows = store.findAll();
        if (rows.isEmpty()) {
            create(1, now, now.plus(rotationPeriod), now);
            rows = store.findAll();
        }
        StoredSigningKey newest = rows.get(rows.size() - 1);
        if (!now.isBefore(newest.retiresAt().minus(publishLead))) {
            Instant activates = later(newest.retiresAt(), now.plus(publishLead));
            create(newest.generation() + 1, activates, activates.plus(rotationPeriod), now);
            rows = store.findAll();
        }
        KeyRingSnapshot before = snapshot;
        List<SigningKey> keys = new ArrayList<>();
        for (int i = 0; i < rows.size(); i++) {
            StoredSigningKey row = rows.get(i);
            Instant signingEnds = i + 1 < rows.size() ? rows.get(i + 1).activatesAt() : null;
            Instant publishedUntil = signingEnds == null ? Instant.MAX : signingEnds.plus(verifyWindow);
            if (!now.isBefore(publishedUntil)) {
                if (!now.isBefore(publishedUntil.plus(RETENTION))) {
                    store.delete(row.kid());
                    LOG.log(Level.INFO, "keygate: deleted token signing key " + row.kid() + " (generation "
                            + row.generation() + "): its last token expired at " + publishedUntil);
                }
                continue;
            }
            SigningKey key = load(row, before.byKid(row.kid()), signingEnds, publishedUntil, now);
            if (key != null) {
                keys.add(key);
            }
        }
        KeyRingSnapshot after = new KeyRingSnapshot(keys, true);
        snapshot = after;
        if (!before.loaded() || !before.kids().equals(after.kids())) {
            listener.accept(after);
        }
        return after;
    }

    private SigningKey load(StoredSigningKey row, SigningKey known, Instant signingEnds, Instant publishedUntil,
                            Instant now) {
        SigningKey key;
        if (known != null && known.stored().equals(row)) {
            key = known.withWindows(signingEnds, publishedUntil);
        } else {
            ECKey publicKey = parsePublic(row);
            if (publicKey == null) {
                return null;
            }
            try {
                key = new SigningKey(row, publicKey, new ECDSAVerifier(publicKey), null, signingEnds, publishedUntil);
            } catch (JOSEException e) {
                report(row.kid(), new IllegalStateException("signing key " + row.kid() + " has an unusable public key"));
                return null;
            }
        }
        boolean maySign = signingEnds == null || now.isBefore(signingEnds);
        if (maySign && key.signer() == null) {
            key = key.withSigner(open(row, key.publicKey()));
        }
        if (!maySign && key.signer() != null) {
            key = key.withSigner(null);
        }
        return key;
    }

    private ECKey parsePublic(StoredSigningKey row) {
        if (!ALGORITHM.equals(row.algorithm())) {
            report(row.kid(), new IllegalStateException("signing key " + row.kid() + " is for algorithm "
                    + row.algorithm() + ", which this version does not use; it is ignored"));
            return null;
        }
        try {
            JWK jwk = JWK.parse(row.publicJwk());
            if (jwk instanceof ECKey ec && Curve.P_256.equals(ec.getCurve()) && !ec.isPrivate()
                    && row.kid().equals(ec.getKeyID())) {
                return ec;
            }
        } catch (ParseException e) {
            // reported below
        }
        report(row.kid(), new IllegalStateException("signing key " + row.kid() + " has no usable P-256 public JWK"));
        return null;
    }

    /** The signer of a key that may still sign, or null (reported) when its private part does not open or match. */
    private ECDSASigner open(StoredSigningKey row, ECKey publicKey) {
        try {
            JWK jwk = JWK.parse(cipher.open(row.kid(), row.privatePart()));
            if (!(jwk instanceof ECKey ec) || !ec.isPrivate() || !ec.toPublicJWK().equals(publicKey)) {
                report(row.kid(), new PrivatePartCipher.SealedKeyException("the private part of signing key "
                        + row.kid() + " does not belong to its public key"));
                return null;
            }
            return new ECDSASigner(ec);
        } catch (PrivatePartCipher.SealedKeyException e) {
            report(row.kid(), e);
            return null;
        } catch (ParseException | JOSEException e) {
            report(row.kid(), new PrivatePartCipher.SealedKeyException("the private part of signing key "
                    + row.kid() + " is not a usable private JWK"));
            return null;
        }
    }

    private void create(long generation, Instant activatesAt, Instant retiresAt, Instant now) {
        byte[] id = new byte[12];
        random.nextBytes(id);
        String kid = KID_ENCODING.encodeToString(id);
        ECKey key;
        try {
            key = new ECKeyGenerator(Curve.P_256).keyID(kid).keyUse(KeyUse.SIGNATURE).algorithm(JWSAlgorithm.ES256)
                    .generate();
        } catch (JOSEException e) {
            throw new IllegalStateException("cannot generate a P-256 key pair in this JVM", e);
        }
        StoredSigningKey row = new StoredSigningKey(kid, ALGORITHM, generation, key.toPublicJWK().toJSONString(),
                cipher.seal(kid, key.toJSONString()), now, activatesAt, retiresAt);
        if (store.insertIfAbsent(row)) {
            LOG.log(Level.INFO, "keygate: made token signing key " + kid + " (generation " + generation
                    + ", signs from " + activatesAt + ", private part " + (cipher.encrypts() ? "encrypted" : "NOT "
                    + "encrypted") + ")");
        } else {
            LOG.log(Level.DEBUG, "keygate: another node made token signing key generation " + generation + " first");
        }
    }

    private void report(String kid, RuntimeException problem) {
        if (reportedKids.add(kid)) {
            problems.accept(problem);
        }
    }

    private static Instant later(Instant a, Instant b) {
        return a.isAfter(b) ? a : b;
    }
}
