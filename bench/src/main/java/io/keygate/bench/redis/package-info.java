/**
 * Internal to the benchmarks (not a library); they use keygate through its public API only.
 */
@PackageRole(PackageRole.Role.INTERNAL)
package io.keygate.bench.redis;

import io.keygate.PackageRole;
