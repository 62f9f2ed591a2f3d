package io.keygate.sample.api;

/** The answer of a plan change: {@code {"id","plan"}}. */
public record OrganizationPlanView(String id, String plan) {
}
