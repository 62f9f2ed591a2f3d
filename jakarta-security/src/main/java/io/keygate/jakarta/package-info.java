/**
 * API. keygate on a full Jakarta EE server: the {@code HttpAuthenticationMechanism} that runs keygate's HTTP pipeline
 * and tells the container whom a key authenticated (principal and groups), and the CDI producers of the request's
 * {@link io.keygate.http.ApiKeyPrincipal}.
 */
@PackageRole(PackageRole.Role.API)
package io.keygate.jakarta;

import io.keygate.PackageRole;
