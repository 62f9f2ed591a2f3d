package io.keygate.bearer;

import java.util.Objects;
import java.util.function.BooleanSupplier;

/**
 * SPI: the engine's token path (contract §8), plugged in with {@code Keygate.builder().tokens(...)}; the token module's
 * {@code TokenService.bearerTokens()} implements it. A bearer credential it {@link #handles} never reaches the API-key
 * path: it is verified here without any store lookup, and the request then acts as the key the token names, which the
 * engine resolves through its own key cache (so revoking the key kills its tokens at once).
 */
public interface BearerTokenVerifier {

    /** True for a credential shaped like a token (a JWS: two dots; API keys have none). Cheap, no I/O. */
    boolean handles(String credential);

    /**
     * Verifies a token locally. Thread-safe, no I/O, never throws for a bad token.
     *
     * @param mayCheck asked before a costly check of a token not seen before (the failed-authentication limit);
     *                 when it answers false the result is {@link Status#BLOCKED}
     */
    Result verify(String credential, BooleanSupplier mayCheck);

    enum Status {
        /** Genuine and current: the request acts as {@link Result#keyId()}, if that key is still active. */
        VALID,
        /** Malformed, forged, unknown signing key, wrong issuer or audience: 401 invalid. */
        INVALID,
        /** Genuine but expired: 401 with the expired-token body. */
        EXPIRED,
        /** No signing keys could be loaded: 503. */
        UNAVAILABLE,
        /** Not checked: {@code mayCheck} said no. */
        BLOCKED
    }

    /** The verdict; {@code keyId} only for {@link Status#VALID}. */
    record Result(Status status, String keyId) {
        public static final Result INVALID = new Result(Status.INVALID, null);
        public static final Result EXPIRED = new Result(Status.EXPIRED, null);
        public static final Result UNAVAILABLE = new Result(Status.UNAVAILABLE, null);
        public static final Result BLOCKED = new Result(Status.BLOCKED, null);

        public Result {
            Objects.requireNonNull(status, "status cannot be null");
            if ((status == Status.VALID) != (keyId != null)) {
                throw new IllegalArgumentException("a key id comes with VALID and only with it");
            }
        }

        public static Result valid(String keyId) {
            return new Result(Status.VALID, keyId);
        }
    }
}
