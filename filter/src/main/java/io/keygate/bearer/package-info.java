/**
 * SPI. {@link io.keygate.bearer.BearerTokenVerifier}: bearer credentials other than API keys (the token module's
 * short-lived JWTs), verified without a store lookup and then acting as the API key they name.
 */
@PackageRole(PackageRole.Role.SPI)
package io.keygate.bearer;

import io.keygate.PackageRole;
