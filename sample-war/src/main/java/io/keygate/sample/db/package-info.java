/**
 * Internal to the sample application (not a library): the sample's database: pool, migrations, seeds.
 */
@PackageRole(PackageRole.Role.INTERNAL)
package io.keygate.sample.db;

import io.keygate.PackageRole;
