package io.keygate.sample.api;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;

/** Body of {@code POST /admin/api/keys/{id}/rotate}: {@code grace_seconds} ≥ 0, default 0 (revoke at once). */
public record RotateRequest(@Min(0) @Max(MAX_GRACE_SECONDS) Long graceSeconds) {

    /** One year: a longer grace is almost certainly a mistake (and a rotation that never completes). */
    public static final long MAX_GRACE_SECONDS = 365L * 24 * 3600;

    long graceOrDefault() {
        return graceSeconds == null ? 0 : graceSeconds;
    }
}
