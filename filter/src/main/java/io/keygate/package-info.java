/**
 * API. {@link io.keygate.Keygate}: the collaborators an application plugs into keygate (store, plan resolver, rate
 * limiter, key format, meter registry, clock) and the key service built on them.
 */
@PackageRole(PackageRole.Role.API)
package io.keygate;
