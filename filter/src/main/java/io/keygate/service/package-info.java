/**
 * API and SPI. keygate's management plane (contract §7): {@link io.keygate.service.ApiKeyService}, the only writer of
 * keys (create with the plaintext shown once, revoke, rotate), {@link io.keygate.service.ServiceAccountService},
 * {@link io.keygate.service.AuditService} and {@link io.keygate.service.PlanService}, wired together by
 * {@link io.keygate.service.Management}. Operations that take an {@link io.keygate.service.Actor} (the caller's key)
 * enforce the rules of §7.1 ({@link io.keygate.service.ForbiddenException}) and are audited; the ones without are
 * system operations. {@link io.keygate.service.AdminBootstrap} makes the first admin key. SPI:
 * {@link io.keygate.service.RevocationListener}, through which caches and cluster broadcasts learn of revocations.
 */
@PackageRole({PackageRole.Role.API, PackageRole.Role.SPI})
package io.keygate.service;

import io.keygate.PackageRole;
