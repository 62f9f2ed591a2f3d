package io.keygate.sample.api;

import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;

/**
 * Body of {@code POST /admin/api/service_accounts}: {@code name} (1..128 characters, required),
 * {@code organization_id} (platform admins only; default the caller's), {@code team_id} (a team of that organization;
 * default the caller's team).
 */
public record ServiceAccountRequest(
        @NotNull @StorableText String name,
        @Pattern(regexp = Ids.FIELD, message = Ids.FIELD_RULE) String organizationId,
        @Pattern(regexp = Ids.FIELD, message = Ids.FIELD_RULE) String teamId) {
}
