/**
 * SPI. {@link io.keygate.store.ApiKeyStore}: where keys live (the JPA module implements it), with its query and page
 * types and exceptions; an in-memory store for tests and demos, and a forwarding base for decorators.
 * {@link io.keygate.store.SigningKeyStore}: where the token module keeps its signing keys (plain values, one key per
 * generation), with an in-memory implementation.
 */
@PackageRole(PackageRole.Role.SPI)
package io.keygate.store;

import io.keygate.PackageRole;
