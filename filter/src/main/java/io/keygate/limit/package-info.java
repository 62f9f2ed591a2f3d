/**
 * API and SPI. Plans and limits, the window arithmetic every limiter shares ({@link io.keygate.limit.Windows}), the
 * in-process limiter; SPIs {@link io.keygate.limit.RateLimiter} (one module per backend, e.g. Redis) and
 * {@link io.keygate.limit.PlanResolver}.
 */
@PackageRole({PackageRole.Role.API, PackageRole.Role.SPI})
package io.keygate.limit;

import io.keygate.PackageRole;
