package io.keygate.token.signing;

import com.nimbusds.jose.JWSSigner;
import com.nimbusds.jose.JWSVerifier;
import com.nimbusds.jose.jwk.ECKey;
import io.keygate.store.StoredSigningKey;

import java.time.Instant;
import java.util.Objects;

/**
 * A signing key as the ring holds it: the stored row, its public key and verifier, and — while it may still sign and
 * its private part opened — its signer. Immutable.
 *
 * <p>Lifetime: published (in the JWK Set, and accepted by verifiers) from creation until {@link #publishedUntil()},
 * which is its successor's activation plus the longest token lifetime plus the leeway; signs from
 * {@code activatesAt} until {@link #signingEnds()}, its successor's activation.
 */
public final class SigningKey {

    private final StoredSigningKey stored;
    private final ECKey publicKey;
    private final JWSVerifier verifier;
    private final JWSSigner signer;
    private final Instant signingEnds;
    private final Instant publishedUntil;

    SigningKey(StoredSigningKey stored, ECKey publicKey, JWSVerifier verifier, JWSSigner signer, Instant signingEnds,
               Instant publishedUntil) {
        this.stored = Objects.requireNonNull(stored, "stored cannot be null");
        this.publicKey = Objects.requireNonNull(publicKey, "publicKey cannot be null");
        this.verifier = Objects.requireNonNull(verifier, "verifier cannot be null");
        this.signer = signer;
        this.signingEnds = signingEnds;
        this.publishedUntil = Objects.requireNonNull(publishedUntil, "publishedUntil cannot be null");
    }

    SigningKey withWindows(Instant newSigningEnds, Instant newPublishedUntil) {
        return new SigningKey(stored, publicKey, verifier, signer, newSigningEnds, newPublishedUntil);
    }

    SigningKey withSigner(JWSSigner newSigner) {
        return new SigningKey(stored, publicKey, verifier, newSigner, signingEnds, publishedUntil);
    }

    public String kid() {
        return stored.kid();
    }

    public long generation() {
        return stored.generation();
    }

    public Instant activatesAt() {
        return stored.activatesAt();
    }

    /** When its successor starts signing, or null while it has none. */
    public Instant signingEnds() {
        return signingEnds;
    }

    /** Until when tokens it signed may still be current; {@link Instant#MAX} while it has no successor. */
    public Instant publishedUntil() {
        return publishedUntil;
    }

    StoredSigningKey stored() {
        return stored;
    }

    /** The public JWK ({@code kty}, {@code crv}, {@code x}, {@code y}, {@code kid}, {@code use}, {@code alg}). */
    public ECKey publicKey() {
        return publicKey;
    }

    /** Thread-safe. */
    public JWSVerifier verifier() {
        return verifier;
    }

    /** Thread-safe; null when this key may no longer sign or its private part could not be opened. */
    public JWSSigner signer() {
        return signer;
    }

    /** Whether it may sign at {@code now}: activated (or the only choice), opened, and not yet succeeded. */
    boolean maySignAt(Instant now) {
        return signer != null && (signingEnds == null || now.isBefore(signingEnds));
    }

    @Override
    public String toString() {
        return "SigningKey[kid=" + kid() + ", generation=" + generation() + ", activates=" + activatesAt()
                + ", signingEnds=" + signingEnds + ", signer=" + (signer != null) + "]";
    }
}
