/**
 * Internal to the sample application (not a library): start and stop of the sample: its listener, the application it builds, the bootstrap admin key.
 */
@PackageRole(PackageRole.Role.INTERNAL)
package io.keygate.sample.app;

import io.keygate.PackageRole;
