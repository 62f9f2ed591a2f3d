package io.keygate.token;

import java.time.Instant;
import java.util.Objects;

/**
 * A token just issued: the RFC 6749-style answer's {@code access_token}, {@code token_type} and {@code expires_in},
 * plus what the issuer knows about it. {@link #toString()} never shows the token.
 *
 * @param accessToken the JWS compact serialization
 * @param expiresIn   seconds from issue to expiry (the requested lifetime, or less when the key expires sooner)
 * @param expiresAt   the {@code exp} claim
 * @param tokenId     the {@code jti} claim
 * @param kid         the signing key
 */
public record IssuedToken(String accessToken, long expiresIn, Instant expiresAt, String tokenId, String kid) {

    /** The {@code token_type} of the answer. */
    public static final String TOKEN_TYPE = "Bearer";

    public IssuedToken {
        Objects.requireNonNull(accessToken, "accessToken cannot be null");
        Objects.requireNonNull(expiresAt, "expiresAt cannot be null");
    }

    public String tokenType() {
        return TOKEN_TYPE;
    }

    @Override
    public String toString() {
        return "IssuedToken[" + accessToken.length() + " characters, expiresIn=" + expiresIn + ", jti=" + tokenId
                + ", kid=" + kid + "]";
    }
}
