/**
 * Internal to the benchmarks (not a library): shared fixtures and arguments.
 */
@PackageRole(PackageRole.Role.INTERNAL)
package io.keygate.bench;

import io.keygate.PackageRole;
