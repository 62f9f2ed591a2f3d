package io.keygate.http;

import io.keygate.keys.Permission;
import io.keygate.limit.WindowState;
import io.keygate.verify.AuthOutcome;
import jakarta.servlet.http.HttpServletResponse;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.Map;

/**
 * Turns a rejection outcome into status, headers and a JSON body (the contract's table), and writes the
 * rate-limit headers. Bodies never echo the presented key. Thread-safe.
 */
final class Responder {

    static final String JSON = "application/json";
    static final String PROBLEM_JSON = "application/problem+json";
    static final String PROBLEM_TYPE_BASE = "https://keygate.io/problems/";

    static final String AUTH_FAILED = "Authentication failed";
    static final String DETAIL_MISSING =
            "Valid API key required. Please include it in the Authorization header as 'Bearer <your-api-key>'.";
    static final String DETAIL_INVALID = "Invalid or inactive API key.";
    static final String DETAIL_EXPIRED = "API key has expired.";
    static final String FORBIDDEN = "Forbidden";
    static final String DETAIL_PLAN = "API access is not included in this organization's plan.";
    static final String INSUFFICIENT = "Insufficient permissions";
    static final String TOO_MANY = "Too many requests";
    static final String INVALID_REQUEST = "Invalid request";
    static final String DETAIL_KEY_IN_URL =
            "API keys must be sent in the Authorization header, never in the URL.";
    static final String UNAVAILABLE = "Service unavailable";

    private final AuthSettings settings;
    private final Clock clock;
    private final String contentType;
    private final String challengeMissing;
    private final String challengeInvalid;
    // bodies that never vary are encoded once: a flood of bad keys costs no JSON building
    private final byte[] missing;
    private final byte[] invalid;
    private final byte[] expired;
    private final byte[] plan;
    private final byte[] keyInUrl;
    private final Map<Permission, byte[]> permission = new EnumMap<>(Permission.class);
    private final Map<Permission, String> permissionChallenge = new EnumMap<>(Permission.class);
    private final Map<String, byte[]> restriction = new HashMap<>();

    Responder(AuthSettings settings, Clock clock) {
        this.settings = settings;
        this.clock = clock;
        this.contentType = settings.problemJson() ? PROBLEM_JSON : JSON;
        this.challengeMissing = "Bearer realm=\"" + settings.realm() + "\"";
        this.challengeInvalid = challengeMissing + ", error=\"invalid_token\"";
        this.missing = body(401, "missing-api-key", AUTH_FAILED, DETAIL_MISSING);
        this.invalid = body(401, "invalid-api-key", AUTH_FAILED, DETAIL_INVALID);
        this.expired = body(401, "expired-api-key", AUTH_FAILED, DETAIL_EXPIRED);
        this.plan = body(403, "plan", FORBIDDEN, DETAIL_PLAN);
        this.keyInUrl = body(400, "key-in-url", INVALID_REQUEST, DETAIL_KEY_IN_URL);
        for (Permission p : Permission.values()) {
            String scope = p.wireName();
            permission.put(p, body(403, "permission", INSUFFICIENT,
                    "This API key lacks the '" + scope + "' permission."));
            permissionChallenge.put(p, challengeMissing + ", error=\"insufficient_scope\", scope=\"" + scope + "\"");
        }
        for (String type : settings.restrictions().keySet()) {
            restriction.put(type, restrictionBody(type));
        }
    }

    /** Writes the error response for any outcome other than {@code Authenticated}. */
    void reject(HttpServletResponse response, AuthOutcome outcome) throws IOException {
        response.setHeader("Cache-Control", "no-store");
        if (outcome instanceof AuthOutcome.Missing) {
            response.setHeader("WWW-Authenticate", challengeMissing);
            send(response, 401, missing);
        } else if (outcome instanceof AuthOutcome.Invalid
                || (outcome instanceof AuthOutcome.Expired && settings.expiredAsInvalid())) {
            response.setHeader("WWW-Authenticate", challengeInvalid);
            send(response, 401, invalid);
        } else if (outcome instanceof AuthOutcome.Expired) {
            response.setHeader("WWW-Authenticate", challengeInvalid);
            send(response, 401, expired);
        } else if (outcome instanceof AuthOutcome.PlanDenied) {
            send(response, 403, plan);
        } else if (outcome instanceof AuthOutcome.RestrictionDenied r) {
            byte[] body = restriction.get(r.type());
            send(response, 403, body != null ? body : restrictionBody(r.type()));
        } else if (outcome instanceof AuthOutcome.PermissionDenied p) {
            response.setHeader("WWW-Authenticate", permissionChallenge.get(p.required()));
            send(response, 403, permission.get(p.required()));
        } else if (outcome instanceof AuthOutcome.RateLimited r) {
            rateLimitHeaders(response, r.window(), r.planName());
            response.setHeader("Retry-After", Long.toString(r.retryAfterSeconds()));
            send(response, 429, body(429, "rate-limited", TOO_MANY,
                    "Rate limit exceeded. Retry after " + r.retryAfterSeconds() + " seconds."));
        } else if (outcome instanceof AuthOutcome.Blocked b) {
            response.setHeader("Retry-After", Long.toString(b.retryAfterSeconds()));
            send(response, 429, body(429, "too-many-failures", TOO_MANY,
                    "Too many failed authentication attempts. Retry after " + b.retryAfterSeconds() + " seconds."));
        } else if (outcome instanceof AuthOutcome.KeyInUrl) {
            send(response, 400, keyInUrl);
        } else if (outcome instanceof AuthOutcome.Unavailable u) {
            response.setHeader("Retry-After", Long.toString(u.retryAfterSeconds()));
            send(response, 503, body(503, "unavailable", UNAVAILABLE,
                    "Authentication is temporarily unavailable. Retry after " + u.retryAfterSeconds() + " seconds."));
        } else {
            throw new IllegalStateException("not a rejection: " + outcome.metricOutcome());
        }
    }

    private byte[] restrictionBody(String type) {
        return body(403, "restriction", "API key is not authorized for this " + type, null);
    }

    /**
     * Rate-limit headers of the configured dialect; nothing when {@code window} is null. {@code addHeader}: the
     * response is fresh (the filter runs before the application), and adding skips a search for an old value.
     */
    void rateLimitHeaders(HttpServletResponse response, WindowState window, String planName) {
        if (window == null) {
            return;
        }
        long limit = window.limit().limit();
        switch (settings.rateLimitHeaders()) {
            case EPOCH -> {
                response.addHeader("RateLimit-Limit", Long.toString(limit));
                response.addHeader("RateLimit-Remaining", Long.toString(window.remaining()));
                response.addHeader("RateLimit-Reset", Long.toString(window.resetEpochSecond()));
            }
            case X_ISO -> {
                response.addHeader("X-RateLimit-Limit", Long.toString(limit));
                response.addHeader("X-RateLimit-Remaining", Long.toString(window.remaining()));
                response.addHeader("X-RateLimit-Reset", Instant.ofEpochSecond(window.resetEpochSecond()).toString());
            }
            case IETF -> {
                long secondsToReset = Math.max(0, window.resetEpochSecond() - Math.floorDiv(clock.millis(), 1000));
                String name = quoted(planName);
                response.addHeader("RateLimit-Policy", name + ";q=" + limit + ";w=" + window.limit().windowSeconds());
                response.addHeader("RateLimit", name + ";r=" + window.remaining() + ";t=" + secondsToReset);
            }
            case NONE -> {
            }
        }
    }

    private byte[] body(int status, String type, String error, String detail) {
        StringBuilder body = new StringBuilder(192);
        if (settings.problemJson()) {
            body.append("{\"type\":");
            string(body, PROBLEM_TYPE_BASE + type);
            body.append(",\"title\":");
            string(body, error);
            body.append(",\"status\":").append(status);
            body.append(",\"detail\":");
            string(body, detail != null ? detail : error + ".");
            body.append('}');
        } else {
            body.append("{\"error\":");
            string(body, error);
            if (detail != null) {
                body.append(",\"detail\":");
                string(body, detail);
            }
            body.append('}');
        }
        return body.toString().getBytes(StandardCharsets.UTF_8);
    }

    private void send(HttpServletResponse response, int status, byte[] body) throws IOException {
        response.setStatus(status);
        response.setContentType(contentType);
        response.setCharacterEncoding("UTF-8");
        response.setContentLength(body.length);
        response.getOutputStream().write(body);
    }

    private static String quoted(String s) {
        StringBuilder b = new StringBuilder(s.length() + 2).append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c >= 0x20 && c < 0x7F && c != '"' && c != '\\') {
                b.append(c);
            }
        }
        return b.append('"').toString();
    }

    /** Appends a JSON string literal. */
    static void string(StringBuilder out, String s) {
        out.append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                default -> {
                    if (c < 0x20) {
                        out.append(String.format("\\u%04x", (int) c));
                    } else {
                        out.append(c);
                    }
                }
            }
        }
        out.append('"');
    }
}
