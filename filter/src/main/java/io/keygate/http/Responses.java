package io.keygate.http;

import io.keygate.keys.Permission;

/**
 * The words of keygate's error answers (contract §2), in one place: the responder writes them, and applications
 * and adapters that answer in keygate's name (a JAX-RS role check, a token endpoint) reuse them so that every
 * answer reads the same.
 */
public final class Responses {

    public static final String JSON = "application/json";
    public static final String PROBLEM_JSON = "application/problem+json";
    /** Base of the {@code type} URI of RFC 9457 bodies. */
    public static final String PROBLEM_TYPE_BASE = "https://keygate.io/problems/";

    public static final String AUTH_FAILED = "Authentication failed";
    public static final String DETAIL_MISSING =
            "Valid API key required. Please include it in the Authorization header as 'Bearer <your-api-key>'.";
    public static final String DETAIL_INVALID = "Invalid or inactive API key.";
    public static final String DETAIL_EXPIRED = "API key has expired.";
    /** Detail of the 401 for an expired token (contract §8). */
    public static final String DETAIL_TOKEN_EXPIRED = "Token has expired. Exchange your API key for a new one.";
    /** Detail of the 403 when a token is presented to the token endpoint (contract §8). */
    public static final String DETAIL_EXCHANGE_KEY_NOT_TOKEN = "Exchange an API key, not a token.";
    public static final String FORBIDDEN = "Forbidden";
    public static final String DETAIL_PLAN = "API access is not included in this organization's plan.";
    public static final String INSUFFICIENT = "Insufficient permissions";
    public static final String TOO_MANY = "Too many requests";
    public static final String INVALID_REQUEST = "Invalid request";
    public static final String DETAIL_KEY_IN_URL =
            "API keys must be sent in the Authorization header, never in the URL.";
    public static final String UNAVAILABLE = "Service unavailable";

    private Responses() {
    }

    /** {@code This API key lacks the 'write' permission.} */
    public static String permissionDetail(Permission required) {
        return "This API key lacks the '" + required.wireName() + "' permission.";
    }

    /** {@code API key is not authorized for this workflow}: the restriction body's {@code error}. */
    public static String restrictionError(String type) {
        return "API key is not authorized for this " + type;
    }

    /** {@code Rate limit exceeded. Retry after 17 seconds.} */
    public static String rateLimitedDetail(long retryAfterSeconds) {
        return "Rate limit exceeded. Retry after " + retryAfterSeconds + " seconds.";
    }

    /** {@code Too many failed authentication attempts. Retry after 17 seconds.} */
    public static String blockedDetail(long retryAfterSeconds) {
        return "Too many failed authentication attempts. Retry after " + retryAfterSeconds + " seconds.";
    }

    /** {@code Authentication is temporarily unavailable. Retry after 5 seconds.} */
    public static String unavailableDetail(long retryAfterSeconds) {
        return "Authentication is temporarily unavailable. Retry after " + retryAfterSeconds + " seconds.";
    }

    /** {@code Bearer realm="api"}: the challenge of a 401 missing. */
    public static String challenge(String realm) {
        return "Bearer realm=\"" + realm + "\"";
    }

    /** {@code Bearer realm="api", error="invalid_token"}: the challenge of a 401 invalid or expired. */
    public static String invalidTokenChallenge(String realm) {
        return challenge(realm) + ", error=\"invalid_token\"";
    }

    /** {@code Bearer realm="api", error="insufficient_scope", scope="write"}: the challenge of a 403 permission. */
    public static String insufficientScopeChallenge(String realm, Permission required) {
        return challenge(realm) + ", error=\"insufficient_scope\", scope=\"" + required.wireName() + "\"";
    }
}
