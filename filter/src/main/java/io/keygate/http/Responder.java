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
import java.util.function.LongFunction;

import static io.keygate.http.Responses.AUTH_FAILED;
import static io.keygate.http.Responses.DETAIL_EXPIRED;
import static io.keygate.http.Responses.DETAIL_INVALID;
import static io.keygate.http.Responses.DETAIL_KEY_IN_URL;
import static io.keygate.http.Responses.DETAIL_MISSING;
import static io.keygate.http.Responses.DETAIL_PLAN;
import static io.keygate.http.Responses.FORBIDDEN;
import static io.keygate.http.Responses.INSUFFICIENT;
import static io.keygate.http.Responses.INVALID_REQUEST;
import static io.keygate.http.Responses.TOO_MANY;
import static io.keygate.http.Responses.UNAVAILABLE;

/**
 * Turns an outcome into status, headers and a JSON body (the contract's table), and writes the rate-limit headers.
 * One switch over {@link AuthOutcome.Kind}, checked for exhaustiveness by the compiler. Bodies never echo the
 * presented key. Thread-safe.
 */
final class Responder {

    private final HttpSettings settings;
    private final Clock clock;
    private final String contentType;
    private final String challengeMissing;
    private final String challengeInvalid;
    // bodies that never vary are encoded once: a flood of bad keys costs no JSON building
    private final byte[] missing;
    private final byte[] invalid;
    private final byte[] expired;
    private final byte[] tokenExpired;
    private final byte[] plan;
    private final byte[] keyInUrl;
    private final Map<Permission, byte[]> permission = new EnumMap<>(Permission.class);
    private final Map<Permission, String> permissionChallenge = new EnumMap<>(Permission.class);
    private final Map<String, byte[]> restriction = new HashMap<>();
    // a plan's limit and a window's reset time repeat on every request of the window: formatted once each
    private final LastNumber limitText = new LastNumber(Long::toString);
    private final LastNumber resetText = new LastNumber(Long::toString);
    private final LastNumber isoResetText = new LastNumber(second -> Instant.ofEpochSecond(second).toString());

    Responder(HttpSettings settings, Iterable<String> restrictionTypes, Clock clock) {
        this.settings = settings;
        this.clock = clock;
        this.contentType = settings.problemJson() ? Responses.PROBLEM_JSON : Responses.JSON;
        this.challengeMissing = Responses.challenge(settings.realm());
        this.challengeInvalid = Responses.invalidTokenChallenge(settings.realm());
        this.missing = body(401, "missing-api-key", AUTH_FAILED, DETAIL_MISSING);
        this.invalid = body(401, "invalid-api-key", AUTH_FAILED, DETAIL_INVALID);
        this.expired = body(401, "expired-api-key", AUTH_FAILED, DETAIL_EXPIRED);
        this.tokenExpired = body(401, "expired-token", AUTH_FAILED, Responses.DETAIL_TOKEN_EXPIRED);
        this.plan = body(403, "plan", FORBIDDEN, DETAIL_PLAN);
        this.keyInUrl = body(400, "key-in-url", INVALID_REQUEST, DETAIL_KEY_IN_URL);
        for (Permission p : Permission.values()) {
            permission.put(p, body(403, "permission", INSUFFICIENT, Responses.permissionDetail(p)));
            permissionChallenge.put(p, Responses.insufficientScopeChallenge(settings.realm(), p));
        }
        for (String type : restrictionTypes) {
            restriction.put(type, restrictionBody(type));
        }
    }

    /**
     * Writes the error response for any outcome other than {@code AUTHENTICATED}. Switch expressions over the
     * outcome's kind: a new kind does not compile until it is answered here.
     */
    void reject(HttpServletResponse response, AuthOutcome outcome) throws IOException {
        response.setHeader("Cache-Control", "no-store");
        byte[] body = switch (outcome.kind()) {
            case MISSING -> {
                response.setHeader("WWW-Authenticate", challengeMissing);
                yield missing;
            }
            case INVALID, REVOKED -> {
                response.setHeader("WWW-Authenticate", challengeInvalid);
                yield invalid;
            }
            case EXPIRED -> {
                response.setHeader("WWW-Authenticate", challengeInvalid);
                // the expired-token body tells a client what to do (exchange again), so it is never folded into invalid
                yield ((AuthOutcome.Expired) outcome).token() ? tokenExpired
                        : settings.expiredAsInvalid() ? invalid : expired;
            }
            case PLAN_DENIED -> plan;
            case RESTRICTION_DENIED -> {
                String type = ((AuthOutcome.RestrictionDenied) outcome).type();
                byte[] known = restriction.get(type);
                yield known != null ? known : restrictionBody(type);
            }
            case PERMISSION_DENIED -> {
                Permission required = ((AuthOutcome.PermissionDenied) outcome).required();
                response.setHeader("WWW-Authenticate", permissionChallenge.get(required));
                yield permission.get(required);
            }
            case RATE_LIMITED -> {
                AuthOutcome.RateLimited r = (AuthOutcome.RateLimited) outcome;
                rateLimitHeaders(response, r.window(), r.planName());
                response.setHeader("Retry-After", Long.toString(r.retryAfterSeconds()));
                yield body(429, "rate-limited", TOO_MANY, Responses.rateLimitedDetail(r.retryAfterSeconds()));
            }
            case BLOCKED -> {
                long retryAfter = ((AuthOutcome.Blocked) outcome).retryAfterSeconds();
                response.setHeader("Retry-After", Long.toString(retryAfter));
                yield body(429, "too-many-failures", TOO_MANY, Responses.blockedDetail(retryAfter));
            }
            case KEY_IN_URL -> keyInUrl;
            case UNAVAILABLE -> {
                long retryAfter = ((AuthOutcome.Unavailable) outcome).retryAfterSeconds();
                response.setHeader("Retry-After", Long.toString(retryAfter));
                yield body(503, "unavailable", UNAVAILABLE, Responses.unavailableDetail(retryAfter));
            }
            case AUTHENTICATED -> throw new IllegalStateException("not a rejection: " + outcome.metricOutcome());
        };
        send(response, status(outcome.kind()), body);
    }

    /** The contract's status of each outcome. */
    static int status(AuthOutcome.Kind kind) {
        return switch (kind) {
            case KEY_IN_URL -> 400;
            case MISSING, INVALID, REVOKED, EXPIRED -> 401;
            case PLAN_DENIED, RESTRICTION_DENIED, PERMISSION_DENIED -> 403;
            case RATE_LIMITED, BLOCKED -> 429;
            case UNAVAILABLE -> 503;
            case AUTHENTICATED -> 200;
        };
    }

    private byte[] restrictionBody(String type) {
        return body(403, "restriction", Responses.restrictionError(type), null);
    }

    /**
     * Rate-limit headers of the configured dialect; nothing when {@code window} is null. {@code addHeader}: the
     * response is fresh (the adapter runs before the application), and adding skips a search for an old value.
     */
    void rateLimitHeaders(HttpServletResponse response, WindowState window, String planName) {
        if (window == null) {
            return;
        }
        long limit = window.limit().limit();
        switch (settings.rateLimitHeaders()) {
            case EPOCH -> {
                response.addHeader("RateLimit-Limit", limitText.format(limit));
                response.addHeader("RateLimit-Remaining", Long.toString(window.remaining()));
                response.addHeader("RateLimit-Reset", resetText.format(window.resetEpochSecond()));
            }
            case X_ISO -> {
                response.addHeader("X-RateLimit-Limit", limitText.format(limit));
                response.addHeader("X-RateLimit-Remaining", Long.toString(window.remaining()));
                response.addHeader("X-RateLimit-Reset", isoResetText.format(window.resetEpochSecond()));
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
            string(body, Responses.PROBLEM_TYPE_BASE + type);
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

    /**
     * The text of the last number it was asked for, so that a value repeated request after request (a plan's limit,
     * a window's reset time) is formatted once. One slot, replaced when the value changes; the value and its text
     * are published together, so racing threads each read a matching pair.
     */
    static final class LastNumber {
        private record Text(long value, String text) {
        }

        private final LongFunction<String> formatter;
        private volatile Text last;

        LastNumber(LongFunction<String> formatter) {
            this.formatter = formatter;
            this.last = new Text(0, formatter.apply(0));
        }

        String format(long value) {
            Text t = last;
            if (t.value() != value) {
                t = new Text(value, formatter.apply(value));
                last = t;
            }
            return t.text();
        }
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
