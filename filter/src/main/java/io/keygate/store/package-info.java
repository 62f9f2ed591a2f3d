/**
 * SPI. Where keygate's data lives: {@link io.keygate.store.ApiKeyStore} (keys), and for the management plane
 * {@link io.keygate.store.ServiceAccountStore}, {@link io.keygate.store.TeamStore}, the append-only
 * {@link io.keygate.store.AuditLog} and {@link io.keygate.store.OrganizationPlanStore}, with their query, page and
 * event types and exceptions. {@link io.keygate.store.ManagementStore} is a key store that keeps all of them in one
 * database (the JPA module implements it); {@link io.keygate.store.InMemoryApiKeyStore} keeps them in memory for
 * tests and demos; {@link io.keygate.store.ForwardingApiKeyStore} is a base for decorators.
 * {@link io.keygate.store.SigningKeyStore}: where the token module keeps its signing keys (plain values, one key per
 * generation), with an in-memory implementation.
 */
@PackageRole(PackageRole.Role.SPI)
package io.keygate.store;

import io.keygate.PackageRole;
