/**
 * Ready-made operations endpoints for {@code web.xml}: {@link io.keygate.webapp.ops.HealthServlet} ({@code /health},
 * contract §10) and {@link io.keygate.webapp.ops.MetricsServlet} ({@code /metrics}, Prometheus), and the
 * {@link io.keygate.webapp.ops.HealthCheck} behind {@code /health}.
 */
@PackageRole(PackageRole.Role.API)
package io.keygate.webapp.ops;

import io.keygate.PackageRole;
