/**
 * Internal to the sample application (not a library): the sample's own schema and seeds (keygate-webapp runs the pool and keygate's migrations).
 */
@PackageRole(PackageRole.Role.INTERNAL)
package io.keygate.sample.db;

import io.keygate.PackageRole;
