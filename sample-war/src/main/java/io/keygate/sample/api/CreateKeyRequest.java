package io.keygate.sample.api;

import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;

import java.time.OffsetDateTime;
import java.util.List;

/**
 * Body of {@code POST /admin/api/keys}; every field is optional. The rules that need the caller or the database
 * (organization, plan, workflow) are checked by {@link AdminKeysResource} and {@code ApiKeyService}.
 */
public record CreateKeyRequest(
        @Size(max = 128) String name,
        @Pattern(regexp = Ids.FIELD, message = Ids.FIELD_RULE) String organizationId,
        String teamId,
        @Size(min = 1, message = "must name at least one of 'read', 'write', 'admin'")
        List<@NotNull @Pattern(regexp = "read|write|admin", message = "must be one of 'read', 'write', 'admin'")
                String> permissions,
        @Pattern(regexp = "live|test", message = "must be 'live' or 'test'") String environment,
        @Pattern(regexp = Ids.FIELD, message = Ids.FIELD_RULE) String workflowId,
        OffsetDateTime expiresAt,
        String plan,
        @Valid RateLimitBody rateLimit,
        @Valid OwnerBody owner) {

    public static final long MAX_LIMIT = 1_000_000_000L;
    public static final long MAX_WINDOW_SECONDS = 366L * 24 * 3600;

    /** {@code {"limit": 1..10^9, "window_seconds": 1..31,622,400}}. */
    public record RateLimitBody(@NotNull @Min(1) @Max(MAX_LIMIT) Long limit,
                                @NotNull @Min(1) @Max(MAX_WINDOW_SECONDS) Long windowSeconds) {
    }

    /** {@code {"type": "user"|"service_account", "id": ...}}. */
    public record OwnerBody(
            @NotNull @Pattern(regexp = "user|service_account", message = "must be 'user' or 'service_account'")
            String type,
            @NotNull String id) {
    }

    static final CreateKeyRequest EMPTY = new CreateKeyRequest(null, null, null, null, null, null, null, null, null,
            null);
}
