package io.keygate.sample.api;

import java.util.List;

/**
 * Body of {@code POST /admin/api/keys}; every field is optional. Checked and turned into a
 * {@link io.keygate.service.NewKey} by {@link AdminKeysServlet}.
 */
public record CreateKeyRequest(String name, String organizationId, String teamId, List<String> permissions,
                               String environment, String workflowId, String expiresAt, String plan,
                               RateLimitBody rateLimit, OwnerBody owner) {

    /** {@code {"limit": ≥1, "window_seconds": ≥1}}. */
    public record RateLimitBody(Long limit, Long windowSeconds) {
    }

    /** {@code {"type": "user"|"service_account", "id": ...}}. */
    public record OwnerBody(String type, String id) {
    }

    static final CreateKeyRequest EMPTY = new CreateKeyRequest(null, null, null, null, null, null, null, null, null,
            null);
}
