/**
 * Internal. The signing keys behind the token module: the ring that makes, rotates and retires them through the
 * {@link io.keygate.store.SigningKeyStore}, the snapshot a node verifies and signs with, and the cipher that seals
 * their private parts at rest.
 */
@PackageRole(PackageRole.Role.INTERNAL)
package io.keygate.token.signing;

import io.keygate.PackageRole;
