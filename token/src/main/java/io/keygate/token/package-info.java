/**
 * API. Token exchange (contract §8): {@link io.keygate.token.TokenService} issues short-lived ES256 JWTs for an API key
 * ({@link io.keygate.token.TokenIssuer}), verifies them locally on every node ({@link io.keygate.token.TokenVerifier}),
 * rotates the signing keys it keeps in a {@link io.keygate.store.SigningKeyStore}, and publishes them as a JWK Set
 * ({@link io.keygate.token.JwkSetDocument}).
 */
@PackageRole(PackageRole.Role.API)
package io.keygate.token;

import io.keygate.PackageRole;
