package io.keygate.limit;

import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/** Plans and organization assignments fixed at construction; organizations without one get the default plan. */
public final class StaticPlanResolver implements PlanResolver {

    private final Map<String, Plan> plansByName;
    private final Map<String, String> planByOrganization;
    private final Plan defaultPlan;

    public StaticPlanResolver(Map<String, Plan> plansByName, Map<String, String> planByOrganization, Plan defaultPlan) {
        this.plansByName = Map.copyOf(Objects.requireNonNull(plansByName, "plansByName cannot be null"));
        this.planByOrganization = Map.copyOf(Objects.requireNonNull(planByOrganization,
                "planByOrganization cannot be null"));
        this.defaultPlan = defaultPlan;
        planByOrganization.forEach((org, plan) -> {
            if (!plansByName.containsKey(plan)) {
                throw new IllegalArgumentException("organization '" + org + "' names unknown plan '" + plan + "'");
            }
        });
    }

    /** Every organization gets {@code plan}. */
    public static StaticPlanResolver single(Plan plan) {
        return new StaticPlanResolver(Map.of(plan.name(), plan), Map.of(), plan);
    }

    @Override
    public Optional<Plan> byName(String planName) {
        return Optional.ofNullable(plansByName.get(planName));
    }

    @Override
    public Optional<Plan> forOrganization(String organizationId) {
        String name = planByOrganization.get(organizationId);
        return name == null ? Optional.ofNullable(defaultPlan) : byName(name);
    }
}
