/**
 * Internal to the sample application (not a library): the sample's workflows and their instances.
 */
@PackageRole(PackageRole.Role.INTERNAL)
package io.keygate.sample.workflow;

import io.keygate.PackageRole;
