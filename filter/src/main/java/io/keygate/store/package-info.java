/**
 * SPI. {@link io.keygate.store.ApiKeyStore}: where keys live (the JPA module implements it), with its query and page
 * types and exceptions; an in-memory store for tests and demos, and a forwarding base for decorators.
 */
@PackageRole(PackageRole.Role.SPI)
package io.keygate.store;

import io.keygate.PackageRole;
