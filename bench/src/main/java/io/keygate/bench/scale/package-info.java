/**
 * Internal to the benchmarks (not a library); they use keygate through its public API only.
 */
@PackageRole(PackageRole.Role.INTERNAL)
package io.keygate.bench.scale;

import io.keygate.PackageRole;
