package io.keygate.token;

import java.time.Instant;
import java.util.Objects;

/**
 * What {@link TokenVerifier#verify} decided: the key a token acts for, or why it was refused. Never an exception for
 * a bad token. {@link #kind()} is what an adapter answers: {@code VERIFIED} → act as the key, {@code INVALID} → the
 * 401 invalid body, {@code EXPIRED} → the 401 expired-token body, {@code UNAVAILABLE} → 503 (no signing keys could be
 * loaded yet).
 */
public sealed interface TokenVerification {

    enum Kind { VERIFIED, INVALID, EXPIRED, UNAVAILABLE }

    Kind kind();

    /**
     * A genuine, current token.
     *
     * @param keyId     the API key it was exchanged for ({@code sub}): the request acts as that key, if it is still
     *                  active
     * @param expiresAt its {@code exp}
     * @param kid       the signing key that signed it
     * @param tokenId   its {@code jti}
     */
    record Verified(String keyId, Instant expiresAt, String kid, String tokenId) implements TokenVerification {
        public Verified {
            Objects.requireNonNull(keyId, "keyId cannot be null");
            Objects.requireNonNull(expiresAt, "expiresAt cannot be null");
        }

        @Override
        public Kind kind() {
            return Kind.VERIFIED;
        }
    }

    /** Refused; {@link Reason} says why (for logs at DEBUG and tests; clients only see invalid or expired). */
    record Rejected(Reason reason) implements TokenVerification {
        public Rejected {
            Objects.requireNonNull(reason, "reason cannot be null");
        }

        @Override
        public Kind kind() {
            return reason.kind;
        }
    }

    enum Reason {
        /** Not three base64url segments, over {@link TokenClaims#MAX_TOKEN_LENGTH}, or no JSON where JSON belongs. */
        MALFORMED(Kind.INVALID),
        /** An {@code alg} other than {@value TokenClaims#ALGORITHM} ({@code none}, {@code HS256}, ...), or a
         * {@code crit} header. */
        UNSUPPORTED_ALGORITHM(Kind.INVALID),
        /** No {@code kid}, or one that names no published signing key. */
        UNKNOWN_KEY(Kind.INVALID),
        BAD_SIGNATURE(Kind.INVALID),
        WRONG_ISSUER(Kind.INVALID),
        WRONG_AUDIENCE(Kind.INVALID),
        /** No {@code sub}, {@code exp} or {@code iat}, or one of the wrong type. */
        MISSING_CLAIM(Kind.INVALID),
        /** {@code exp} more than {@link TokenSettings#MAX_LIFETIME} after {@code iat}: keygate never issues it. */
        LIFETIME_TOO_LONG(Kind.INVALID),
        /** {@code iat} or {@code nbf} later than now plus the leeway. */
        NOT_YET_VALID(Kind.INVALID),
        /** Genuine, but {@code exp} (plus the leeway) has passed. */
        EXPIRED(Kind.EXPIRED),
        /** No signing key has been loaded yet (the store could not be read since start). */
        NO_KEYS(Kind.UNAVAILABLE);

        private final Kind kind;

        Reason(Kind kind) {
            this.kind = kind;
        }

        public Kind kind() {
            return kind;
        }

        /** The shared instance for this reason. */
        public Rejected rejected() {
            return REJECTIONS[ordinal()];
        }

        private static final Rejected[] REJECTIONS = new Rejected[values().length];

        static {
            for (Reason r : values()) {
                REJECTIONS[r.ordinal()] = new Rejected(r);
            }
        }
    }
}
