/**
 * API. Jakarta REST providers: {@code @RolesAllowed} enforced on resources with keygate's 401/403 bodies, and EJB
 * access refusals answered the same way.
 */
@PackageRole(PackageRole.Role.API)
package io.keygate.jakarta.rs;

import io.keygate.PackageRole;
