package io.keygate.verify;

import io.keygate.keys.Permission;
import io.keygate.limit.WindowState;

/**
 * Every way the engine can decide a request: one sealed hierarchy whose {@link #kind()} is an enum, so adapters,
 * the responder and the metrics each handle every case in one switch the compiler checks for exhaustiveness.
 */
public sealed interface AuthOutcome {

    /** The kinds of outcome, with the value of the {@code outcome} tag of {@code apikey.auth.requests}. */
    enum Kind {
        /** A key in the query string: 400. */
        KEY_IN_URL("bad_request"),
        /** No usable {@code Authorization: Bearer} header: 401 missing. */
        MISSING("missing"),
        /** Too many failed authentications from the client address: 429. */
        BLOCKED("blocked"),
        /** Bad format or checksum, or unknown: 401 invalid. */
        INVALID("invalid"),
        /** Revoked: 401 invalid. */
        REVOKED("revoked"),
        /** Past its expiry: 401 expired. */
        EXPIRED("expired"),
        /** A store or backend could not decide: 503. */
        UNAVAILABLE("unavailable"),
        /** The organization's plan has no API access: 403. */
        PLAN_DENIED("forbidden"),
        /** The key is restricted to another resource: 403. */
        RESTRICTION_DENIED("forbidden"),
        /** The key lacks the required permission: 403. */
        PERMISSION_DENIED("forbidden"),
        /** Over a rate limit: 429 with rate-limit headers. */
        RATE_LIMITED("rate_limited"),
        /** Admitted. */
        AUTHENTICATED("authenticated");

        private final String metricTag;

        Kind(String metricTag) {
            this.metricTag = metricTag;
        }

        /** The value of the {@code outcome} tag. */
        public String metricTag() {
            return metricTag;
        }
    }

    Kind kind();

    /** The value of the {@code outcome} tag. */
    default String metricOutcome() {
        return kind().metricTag();
    }

    /** A key in the query string: 400. */
    record KeyInUrl() implements AuthOutcome {
        public Kind kind() {
            return Kind.KEY_IN_URL;
        }
    }

    /** No usable {@code Authorization: Bearer} header: 401 missing. {@code malformed} if a header was there. */
    record Missing(boolean malformed) implements AuthOutcome {
        public Kind kind() {
            return Kind.MISSING;
        }
    }

    /** Too many failed authentications from this client address: 429. */
    record Blocked(long retryAfterSeconds) implements AuthOutcome {
        public Kind kind() {
            return Kind.BLOCKED;
        }
    }

    /** Bad format or checksum, unknown, or revoked: 401 invalid. */
    record Invalid(Reason reason) implements AuthOutcome {
        public enum Reason { MALFORMED, UNKNOWN, REVOKED }

        public Kind kind() {
            return reason == Reason.REVOKED ? Kind.REVOKED : Kind.INVALID;
        }
    }

    /**
     * Past its expiry: 401 expired (or invalid, if so configured). {@code token}: an expired token (contract §8), answered
     * with the expired-token body.
     */
    record Expired(boolean token) implements AuthOutcome {
        /** An expired key. */
        public Expired() {
            this(false);
        }

        public Kind kind() {
            return Kind.EXPIRED;
        }
    }

    /** Store (or limiter backend) unreachable and nothing cached: 503. */
    record Unavailable(long retryAfterSeconds) implements AuthOutcome {
        public Kind kind() {
            return Kind.UNAVAILABLE;
        }
    }

    /** The organization's plan has no API access: 403. */
    record PlanDenied() implements AuthOutcome {
        public Kind kind() {
            return Kind.PLAN_DENIED;
        }
    }

    /** The key is restricted to another resource of {@code type}: 403. */
    record RestrictionDenied(String type) implements AuthOutcome {
        public Kind kind() {
            return Kind.RESTRICTION_DENIED;
        }
    }

    /** The key lacks {@code required}: 403. */
    record PermissionDenied(Permission required) implements AuthOutcome {
        public Kind kind() {
            return Kind.PERMISSION_DENIED;
        }
    }

    /** Over a rate limit: 429 with rate-limit headers. */
    record RateLimited(VerifiedKey key, String planName, WindowState window, long retryAfterSeconds)
            implements AuthOutcome {
        public Kind kind() {
            return Kind.RATE_LIMITED;
        }
    }

    /**
     * Authenticated and admitted; {@code window} is null when no limit applies. {@code viaToken}: the credential was a
     * token exchanged for the key (contract §8), not the key itself.
     */
    record Authenticated(VerifiedKey key, String planName, WindowState window, boolean viaToken)
            implements AuthOutcome {
        public Authenticated(VerifiedKey key, String planName, WindowState window) {
            this(key, planName, window, false);
        }

        public Kind kind() {
            return Kind.AUTHENTICATED;
        }
    }
}
