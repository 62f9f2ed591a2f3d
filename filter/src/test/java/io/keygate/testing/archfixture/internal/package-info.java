/** Test fixture: a package marked internal. */
@PackageRole(PackageRole.Role.INTERNAL)
package io.keygate.testing.archfixture.internal;

import io.keygate.PackageRole;
