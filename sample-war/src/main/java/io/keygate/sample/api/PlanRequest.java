package io.keygate.sample.api;

import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;

/** Body of {@code PUT /admin/api/organizations/{id}/plan}: {@code {"plan": name}}. */
public record PlanRequest(@NotNull @Pattern(regexp = Ids.FIELD, message = Ids.FIELD_RULE) String plan) {
}
