/**
 * API. The names and tag values of keygate's meters ({@link io.keygate.metrics.Meters}) and
 * {@link io.keygate.metrics.SharedMeters}, through which every keygate module registers its meters so that two
 * components on one registry never remove each other's.
 */
@PackageRole(PackageRole.Role.API)
package io.keygate.metrics;

import io.keygate.PackageRole;
