package io.keygate.token;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import io.keygate.keys.Permission;
import io.keygate.token.signing.SigningKey;
import io.keygate.token.signing.SigningKeyRing;

import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.StringJoiner;

/**
 * Issues tokens for API keys: the claims of {@link TokenClaims}, signed with the ring's current key. The caller has
 * already authenticated the key (it is active) and refused to exchange a token for a token. Thread-safe.
 */
public final class TokenIssuer {

    private final SigningKeyRing ring;
    private final TokenSettings settings;
    private final Clock clock;
    private final TokenMetrics metrics;
    private final SecureRandom random = new SecureRandom();

    TokenIssuer(SigningKeyRing ring, TokenSettings settings, Clock clock, TokenMetrics metrics) {
        this.ring = ring;
        this.settings = settings;
        this.clock = clock;
        this.metrics = metrics;
    }

    /** A token of the default lifetime ({@link TokenSettings#defaultLifetime()}). */
    public IssuedToken issue(TokenSubject subject) {
        return issue(subject, settings.defaultLifetime().toSeconds());
    }

    /**
     * A token for {@code subject} that expires in {@code expiresInSeconds}, or when the key itself expires if that
     * is sooner.
     *
     * @throws IllegalArgumentException   if {@code expiresInSeconds} is outside 60..3600 (answer 400 naming
     *                                    {@code expires_in})
     * @throws IllegalStateException      if the key has expired
     * @throws TokenUnavailableException  if no signing key can sign now (answer 503)
     */
    public IssuedToken issue(TokenSubject subject, long expiresInSeconds) {
        Objects.requireNonNull(subject, "subject cannot be null");
        if (expiresInSeconds < TokenSettings.MIN_LIFETIME.toSeconds()
                || expiresInSeconds > TokenSettings.MAX_LIFETIME.toSeconds()) {
            throw new IllegalArgumentException("expires_in must be a whole number of seconds from "
                    + TokenSettings.MIN_LIFETIME.toSeconds() + " to " + TokenSettings.MAX_LIFETIME.toSeconds());
        }
        Instant now = clock.instant();
        Instant issuedAt = Instant.ofEpochSecond(now.getEpochSecond());
        Instant expiresAt = issuedAt.plusSeconds(expiresInSeconds);
        if (subject.expiresAt() != null) {
            Instant keyExpiry = Instant.ofEpochSecond(subject.expiresAt().getEpochSecond());
            if (!keyExpiry.isAfter(issuedAt)) {
                throw new IllegalStateException("the key has expired: no token is issued for it");
            }
            if (keyExpiry.isBefore(expiresAt)) {
                expiresAt = keyExpiry;
            }
        }
        SigningKey key = ring.snapshot().signerAt(now);
        if (key == null) {
            throw new TokenUnavailableException(ring.snapshot().loaded()
                    ? "no token signing key can sign on this node: see the WARNING about signing keys"
                    : "the token signing keys have not been loaded yet");
        }
        String tokenId = newTokenId();
        JWSHeader header = new JWSHeader.Builder(JWSAlgorithm.ES256).keyID(key.kid()).type(JOSEObjectType.JWT).build();
        SignedJWT jwt = new SignedJWT(header, claims(subject, issuedAt, expiresAt, tokenId));
        try {
            jwt.sign(key.signer());
        } catch (JOSEException e) {
            metrics.problem(new IllegalStateException("signing with key " + key.kid() + " failed: "
                    + e.getClass().getSimpleName()));
            throw new TokenUnavailableException("signing the token failed", e);
        }
        metrics.issued();
        return new IssuedToken(jwt.serialize(), Duration.between(issuedAt, expiresAt).toSeconds(), expiresAt, tokenId,
                key.kid());
    }

    private JWTClaimsSet claims(TokenSubject subject, Instant issuedAt, Instant expiresAt, String tokenId) {
        JWTClaimsSet.Builder claims = new JWTClaimsSet.Builder()
                .issuer(settings.issuer())
                .subject(subject.keyId())
                .audience(settings.audience())
                .issueTime(Date.from(issuedAt))
                .expirationTime(Date.from(expiresAt))
                .jwtID(tokenId)
                .claim(TokenClaims.ORGANIZATION, subject.organizationId());
        if (subject.teamId() != null) {
            claims.claim(TokenClaims.TEAM, subject.teamId());
        }
        claims.claim(TokenClaims.ENVIRONMENT, subject.environment().wireName())
                .claim(TokenClaims.SCOPE, scope(subject));
        if (subject.restriction() != null) {
            Map<String, Object> restriction = new LinkedHashMap<>();
            restriction.put(TokenClaims.RESTRICTION_TYPE, subject.restriction().type());
            restriction.put(TokenClaims.RESTRICTION_ID, subject.restriction().id());
            claims.claim(TokenClaims.RESTRICTION, restriction);
        }
        return claims.build();
    }

    /** Effective permissions in a fixed order: read, write, admin. */
    private static String scope(TokenSubject subject) {
        StringJoiner scope = new StringJoiner(" ");
        for (Permission p : Permission.values()) {
            if (subject.permissions().contains(p)) {
                scope.add(p.wireName());
            }
        }
        return scope.toString();
    }

    private String newTokenId() {
        byte[] id = new byte[16];
        random.nextBytes(id);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(id);
    }
}
