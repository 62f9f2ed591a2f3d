package io.keygate.sample.api;

/** Body of {@code POST /admin/api/keys/{id}/rotate}: {@code grace_seconds} ≥ 0, default 0 (revoke at once). */
public record RotateRequest(Long graceSeconds) {

    /** One year: a longer grace is almost certainly a mistake (and a rotation that never completes). */
    public static final long MAX_GRACE_SECONDS = 365L * 24 * 3600;

    long graceOrDefault() {
        if (graceSeconds == null) {
            return 0;
        }
        if (graceSeconds < 0 || graceSeconds > MAX_GRACE_SECONDS) {
            throw ApiException.invalid("grace_seconds must be 0.." + MAX_GRACE_SECONDS + ", was " + graceSeconds);
        }
        return graceSeconds;
    }
}
