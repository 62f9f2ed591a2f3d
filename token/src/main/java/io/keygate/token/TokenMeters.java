package io.keygate.token;

import java.util.List;

/**
 * The token module's meter names and tag values (to move into {@code io.keygate.metrics.Meters} with the rest).
 * No tag carries a token, a key id or a kid.
 */
public final class TokenMeters {

    /** Counter: tokens issued (contract §10). */
    public static final String ISSUED = "apikey.tokens.issued";
    /** Counter, tag {@value #RESULT}: tokens verified, by result. */
    public static final String VERIFICATIONS = "apikey.tokens.verifications";
    /** The {@code cache} tag of the verified-token cache's Caffeine meters. */
    public static final String CACHE_NAME = "apitokens";

    public static final String RESULT = "result";
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
    public static final List<String> RESULTS = List.of(RESULT_VERIFIED, RESULT_CACHED, RESULT_INVALID,
            RESULT_EXPIRED, RESULT_UNAVAILABLE);

    private TokenMeters() {
    }
}
