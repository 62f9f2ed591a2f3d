/**
 * API and SPI. {@link io.keygate.service.ApiKeyService}, the only writer of keys (create with the plaintext shown
 * once, revoke, rotate), and the SPI {@link io.keygate.service.RevocationListener} through which caches and cluster
 * broadcasts learn of revocations.
 */
@PackageRole({PackageRole.Role.API, PackageRole.Role.SPI})
package io.keygate.service;

import io.keygate.PackageRole;
