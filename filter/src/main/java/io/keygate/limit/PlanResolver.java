package io.keygate.limit;

import java.util.Optional;

/**
 * SPI: finds plans. A key's plan is its own {@code plan} if set ({@link #byName}), else its organization's
 * ({@link #forOrganization}). Called on the request path: implementations must be fast (cache if they hit a
 * database) and thread-safe.
 */
public interface PlanResolver {

    Optional<Plan> byName(String planName);

    Optional<Plan> forOrganization(String organizationId);
}
