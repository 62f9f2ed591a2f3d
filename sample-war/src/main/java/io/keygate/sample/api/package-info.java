/**
 * Internal to the sample application (not a library): the sample's Jakarta REST resources (workflow and admin APIs) and their request and answer records.
 */
@PackageRole(PackageRole.Role.INTERNAL)
package io.keygate.sample.api;

import io.keygate.PackageRole;
