package io.keygate.token;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Expiry;
import com.github.benmanes.caffeine.cache.Ticker;
import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import io.keygate.keys.Ids;
import io.keygate.keys.KeyDigest;
import io.keygate.token.signing.KeyRingSnapshot;
import io.keygate.token.signing.SigningKey;
import io.keygate.token.signing.SigningKeyRing;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.text.ParseException;
import java.time.Clock;
import java.time.Instant;
import java.util.Date;
import java.util.List;

/**
 * Verifies keygate tokens locally, on every node, without asking any store: the shape, then a cache keyed by the
 * token's SHA-256, then — for a token not seen before — the JWS header ({@code alg} must be
 * {@value TokenClaims#ALGORITHM}, no {@code crit}, a {@code kid} the ring publishes), the signature, and the claims
 * ({@code iss}, {@code aud}, {@code sub}, {@code iat}, {@code exp} and {@code nbf} with the leeway, a lifetime keygate
 * could have issued). Never throws for a bad token: every refusal is a {@link TokenVerification.Rejected}.
 *
 * <p><b>The cache.</b> One bounded Caffeine cache (size {@link TokenSettings#cacheMaxSize()}, W-TinyLFU admission,
 * so a flood of one-off forged tokens does not push out tokens in use) holds both verdicts:
 * <ul>
 *   <li>a genuine token until its {@code exp} plus the leeway: never longer than the token lives;</li>
 *   <li>a refused one for {@link TokenSettings#rejectedTtl()} (a not-yet-valid one only until it could become
 *       valid), so a forged or malformed token costs one signature check, not one per request. A token that the
 *       shape check refuses is not cached: refusing it again costs less than a cache lookup.</li>
 * </ul>
 * The check runs inside the cache's per-key computation, so concurrent requests with the same new token check it
 * once. When the ring's keys change, cached verdicts of tokens whose key left are dropped, and "unknown kid" verdicts
 * are forgotten (the kid may be known now).
 *
 * <p>The verifier does not know whether the API key behind a token is still active: its caller (the engine) must
 * check that for every request, through its own key cache, so a revocation kills the key's tokens at once.
 */
public final class TokenVerifier {

    private static final MessageDigest SHA256_PROTOTYPE = sha256();

    private final SigningKeyRing ring;
    private final TokenSettings settings;
    private final Clock clock;
    private final TokenMetrics metrics;
    private final long skewMillis;
    private final long maxLifetimeSeconds;
    private final Cache<KeyDigest, Verdict> cache;

    TokenVerifier(SigningKeyRing ring, TokenSettings settings, Clock clock, TokenMetrics metrics) {
        this.ring = ring;
        this.settings = settings;
        this.clock = clock;
        this.metrics = metrics;
        this.skewMillis = settings.clockSkew().toMillis();
        this.maxLifetimeSeconds = TokenSettings.MAX_LIFETIME.toSeconds();
        Ticker ticker = () -> clock.millis() * 1_000_000L;
        // maintenance runs on the calling thread, a few entries at a time, as in the engine's key cache: handing it to
        // ForkJoinPool.commonPool woke a pool thread thousands of times a second under load
        this.cache = Caffeine.newBuilder()
                .executor(Runnable::run)
                .maximumSize(settings.cacheMaxSize())
                .expireAfter(new VerdictExpiry())
                .ticker(ticker)
                .recordStats()
                .build();
        metrics.bindCache(cache);
    }

    /**
     * True when {@code credential} is shaped like a JWS compact serialization (it has two dots; API keys have none):
     * such a credential goes to {@link #verify}, everything else to the API-key path. Costs a scan of the string.
     */
    public static boolean looksLikeJws(String credential) {
        int first = credential.indexOf('.');
        return first >= 0 && credential.indexOf('.', first + 1) >= 0;
    }

    /** Decides a token; thread-safe, no I/O. */
    public TokenVerification verify(String token) {
        return verify(token, () -> true);
    }

    /**
     * The same, but a token not in the cache is checked only if {@code mayCheck} agrees (the engine's
     * failed-authentication limit); null when it did not.
     */
    TokenVerification verify(String token, java.util.function.BooleanSupplier mayCheck) {
        if (!wellShaped(token)) {
            metrics.verified(TokenVerification.Kind.INVALID, false);
            return TokenVerification.Reason.MALFORMED.rejected();
        }
        KeyRingSnapshot keys = ring.snapshot();
        if (!keys.loaded()) {
            metrics.verified(TokenVerification.Kind.UNAVAILABLE, false);
            return TokenVerification.Reason.NO_KEYS.rejected();
        }
        KeyDigest digest = digest(token);
        boolean[] computed = new boolean[1];
        Verdict verdict = cache.getIfPresent(digest);
        if (verdict == null && !mayCheck.getAsBoolean()) {
            return null;
        }
        verdict = verdict != null ? verdict : cache.get(digest, d -> {
            computed[0] = true;
            return check(token, keys);
        });
        TokenVerification result = verdict.result;
        if (result instanceof TokenVerification.Verified verified
                && clock.millis() >= verified.expiresAt().toEpochMilli() + skewMillis) {
            // the entry was about to expire with the token; the token has expired
            result = TokenVerification.Reason.EXPIRED.rejected();
        }
        metrics.verified(result.kind(), !computed[0]);
        return result;
    }

    /** Drops what the ring's new keys make stale: verdicts of tokens whose key left, and "unknown kid" verdicts. */
    void keysChanged(KeyRingSnapshot keys) {
        cache.asMap().values().removeIf(v ->
                v.result == TokenVerification.Reason.UNKNOWN_KEY.rejected()
                        || v.result instanceof TokenVerification.Verified ok && keys.byKid(ok.kid()) == null);
    }

    /** Cached verdicts (tests). */
    long cachedVerdicts() {
        cache.cleanUp();
        return cache.estimatedSize();
    }

    /** Full checks made so far, i.e. cache misses that parsed the token (tests). */
    long checks() {
        return cache.stats().loadCount();
    }

    private Verdict check(String token, KeyRingSnapshot keys) {
        long now = clock.millis();
        SignedJWT jwt;
        try {
            jwt = SignedJWT.parse(token);
        } catch (ParseException e) {
            return rejected(TokenVerification.Reason.MALFORMED, now);
        }
        JWSHeader header = jwt.getHeader();
        if (!JWSAlgorithm.ES256.equals(header.getAlgorithm()) || header.getCriticalParams() != null) {
            return rejected(TokenVerification.Reason.UNSUPPORTED_ALGORITHM, now);
        }
        SigningKey key = keys.byKid(header.getKeyID());
        if (key == null) {
            return rejected(TokenVerification.Reason.UNKNOWN_KEY, now);
        }
        try {
            if (!jwt.verify(key.verifier())) {
                return rejected(TokenVerification.Reason.BAD_SIGNATURE, now);
            }
        } catch (JOSEException | IllegalStateException e) {
            return rejected(TokenVerification.Reason.BAD_SIGNATURE, now);
        }
        JWTClaimsSet claims;
        String issuer;
        List<String> audience;
        String subject;
        Date issuedAt;
        Date expires;
        Date notBefore;
        String tokenId;
        try {
            claims = jwt.getJWTClaimsSet();
            issuer = claims.getStringClaim(TokenClaims.ISSUER);
            audience = claims.getAudience();
            subject = claims.getStringClaim(TokenClaims.SUBJECT);
            issuedAt = claims.getDateClaim(TokenClaims.ISSUED_AT);
            expires = claims.getDateClaim(TokenClaims.EXPIRES);
            notBefore = claims.getDateClaim(TokenClaims.NOT_BEFORE);
            tokenId = claims.getStringClaim(TokenClaims.TOKEN_ID);
        } catch (ParseException e) {
            return rejected(TokenVerification.Reason.MISSING_CLAIM, now);
        }
        if (!settings.issuer().equals(issuer)) {
            return rejected(TokenVerification.Reason.WRONG_ISSUER, now);
        }
        if (audience == null || !audience.contains(settings.audience())) {
            return rejected(TokenVerification.Reason.WRONG_AUDIENCE, now);
        }
        if (subject == null || !Ids.isValid(subject) || issuedAt == null || expires == null) {
            return rejected(TokenVerification.Reason.MISSING_CLAIM, now);
        }
        long issuedAtMillis = issuedAt.getTime();
        long expiresMillis = expires.getTime();
        if (expiresMillis - issuedAtMillis > maxLifetimeSeconds * 1000L) {
            return rejected(TokenVerification.Reason.LIFETIME_TOO_LONG, now);
        }
        long validFrom = Math.max(issuedAtMillis, notBefore == null ? Long.MIN_VALUE : notBefore.getTime());
        if (validFrom > now + skewMillis) {
            // genuine but early (a clock ahead of ours): remembered only until it could become valid
            return new Verdict(TokenVerification.Reason.NOT_YET_VALID.rejected(),
                    Math.min(validFrom - skewMillis, now + settings.rejectedTtl().toMillis()));
        }
        if (now >= expiresMillis + skewMillis) {
            return rejected(TokenVerification.Reason.EXPIRED, now);
        }
        return new Verdict(new TokenVerification.Verified(subject, Instant.ofEpochMilli(expiresMillis), key.kid(),
                tokenId), expiresMillis + skewMillis);
    }

    private Verdict rejected(TokenVerification.Reason reason, long now) {
        return new Verdict(reason.rejected(), now + settings.rejectedTtl().toMillis());
    }

    /** Three non-empty base64url segments, at most {@link TokenClaims#MAX_TOKEN_LENGTH} characters in all. */
    static boolean wellShaped(String token) {
        if (token == null || token.isEmpty() || token.length() > TokenClaims.MAX_TOKEN_LENGTH) {
            return false;
        }
        int dots = 0;
        int segmentLength = 0;
        for (int i = 0; i < token.length(); i++) {
            char c = token.charAt(i);
            if (c == '.') {
                if (segmentLength == 0 || segmentLength % 4 == 1 || ++dots > 2) {
                    return false;
                }
                segmentLength = 0;
            } else if ((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-'
                    || c == '_') {
                segmentLength++;
            } else {
                return false;
            }
        }
        return dots == 2 && segmentLength > 0 && segmentLength % 4 != 1;
    }

    private static KeyDigest digest(String token) {
        try {
            MessageDigest sha256 = (MessageDigest) SHA256_PROTOTYPE.clone();
            return KeyDigest.of(sha256.digest(token.getBytes(StandardCharsets.US_ASCII)));
        } catch (CloneNotSupportedException e) {
            return KeyDigest.of(sha256().digest(token.getBytes(StandardCharsets.US_ASCII)));
        }
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is not available in this JVM", e);
        }
    }

    /** A verdict and until when (epoch milliseconds of the injected clock) it may be remembered. */
    private record Verdict(TokenVerification result, long untilMillis) {
    }

    /** Each verdict lives until its own deadline; reads and updates do not extend it. */
    private static final class VerdictExpiry implements Expiry<KeyDigest, Verdict> {
        @Override
        public long expireAfterCreate(KeyDigest key, Verdict value, long currentTime) {
            return Math.max(0, value.untilMillis * 1_000_000L - currentTime);
        }

        @Override
        public long expireAfterUpdate(KeyDigest key, Verdict value, long currentTime, long currentDuration) {
            return expireAfterCreate(key, value, currentTime);
        }

        @Override
        public long expireAfterRead(KeyDigest key, Verdict value, long currentTime, long currentDuration) {
            return currentDuration;
        }
    }
}
