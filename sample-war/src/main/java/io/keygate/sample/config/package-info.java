/**
 * Internal to the sample application (not a library): the sample's configuration from KEYGATE_* variables and keygate.* system properties.
 */
@PackageRole(PackageRole.Role.INTERNAL)
package io.keygate.sample.config;

import io.keygate.PackageRole;
