/**
 * Internal to the sample application (not a library): start and stop of the sample: its listener and the application it builds on keygate-webapp.
 */
@PackageRole(PackageRole.Role.INTERNAL)
package io.keygate.sample.app;

import io.keygate.PackageRole;
