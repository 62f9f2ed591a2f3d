package io.keygate.verify;

import io.keygate.keys.Permission;
import io.keygate.limit.WindowState;

/**
 * Every way a request can end in the filter. One sealed hierarchy, so the responder and the metrics each handle
 * every case in one switch. {@link #metricOutcome()} is the value of the {@code outcome} tag.
 */
public sealed interface AuthOutcome {

    String metricOutcome();

    /** A key in the query string: 400. */
    record KeyInUrl() implements AuthOutcome {
        public String metricOutcome() {
            return "bad_request";
        }
    }

    /** No usable {@code Authorization: Bearer} header: 401 missing. {@code malformed} if a header was there. */
    record Missing(boolean malformed) implements AuthOutcome {
        public String metricOutcome() {
            return "missing";
        }
    }

    /** Too many failed authentications from this client address: 429. */
    record Blocked(long retryAfterSeconds) implements AuthOutcome {
        public String metricOutcome() {
            return "blocked";
        }
    }

    /** Bad format or checksum, unknown, or revoked: 401 invalid. */
    record Invalid(Reason reason) implements AuthOutcome {
        public enum Reason { MALFORMED, UNKNOWN, REVOKED }

        public String metricOutcome() {
            return reason == Reason.REVOKED ? "revoked" : "invalid";
        }
    }

    /** Past its expiry: 401 expired (or invalid, if so configured). */
    record Expired() implements AuthOutcome {
        public String metricOutcome() {
            return "expired";
        }
    }

    /** Store (or limiter backend) unreachable and nothing cached: 503. */
    record Unavailable(long retryAfterSeconds) implements AuthOutcome {
        public String metricOutcome() {
            return "unavailable";
        }
    }

    /** The organization's plan has no API access: 403. */
    record PlanDenied() implements AuthOutcome {
        public String metricOutcome() {
            return "forbidden";
        }
    }

    /** The key is restricted to another resource of {@code type}: 403. */
    record RestrictionDenied(String type) implements AuthOutcome {
        public String metricOutcome() {
            return "forbidden";
        }
    }

    /** The key lacks {@code required}: 403. */
    record PermissionDenied(Permission required) implements AuthOutcome {
        public String metricOutcome() {
            return "forbidden";
        }
    }

    /** Over a rate limit: 429 with rate-limit headers. */
    record RateLimited(VerifiedKey key, String planName, WindowState window, long retryAfterSeconds) implements AuthOutcome {
        public String metricOutcome() {
            return "rate_limited";
        }
    }

    /** Authenticated and admitted; {@code window} may be null when no limit applies. */
    record Authenticated(VerifiedKey key, String planName, WindowState window) implements AuthOutcome {
        public String metricOutcome() {
            return "authenticated";
        }
    }
}
