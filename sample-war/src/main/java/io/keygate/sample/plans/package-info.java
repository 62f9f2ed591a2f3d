/**
 * Internal to the sample application (not a library): the organization directory: plans per organization, the sample's PlanResolver.
 */
@PackageRole(PackageRole.Role.INTERNAL)
package io.keygate.sample.plans;

import io.keygate.PackageRole;
