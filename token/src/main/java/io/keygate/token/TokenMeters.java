package io.keygate.token;

import io.keygate.metrics.Meters;

import java.util.List;

/**
 * The token module's meter names and tag values: the constants of {@link Meters} (every keygate meter name is stated
 * there), under the names this module's code uses. No tag carries a token, a key id or a kid.
 */
public final class TokenMeters {

    /** Counter: tokens issued (contract §10). */
    public static final String ISSUED = Meters.TOKENS_ISSUED;
    /** Counter, tag {@value #RESULT}: tokens verified, by result. */
    public static final String VERIFICATIONS = Meters.TOKENS_VERIFICATIONS;
    /** The {@code cache} tag of the verified-token cache's Caffeine meters. */
    public static final String CACHE_NAME = Meters.TOKEN_CACHE_NAME;

    public static final String RESULT = Meters.RESULT;
    /** Genuine and current; the signature was checked now. */
    public static final String RESULT_VERIFIED = "verified";
    /** Genuine and current, answered from the cache. */
    public static final String RESULT_CACHED = "cached";
    /** Refused as invalid (malformed, forged, unknown kid, wrong issuer or audience, ...), cached or not. */
    public static final String RESULT_INVALID = "invalid";
    /** Genuine but expired. */
    public static final String RESULT_EXPIRED = "expired";
    /** No signing keys loaded yet. */
    public static final String RESULT_UNAVAILABLE = "unavailable";
    /** Values of {@value #RESULT}. */
    public static final List<String> RESULTS = Meters.TOKEN_RESULTS;

    private TokenMeters() {
    }
}
