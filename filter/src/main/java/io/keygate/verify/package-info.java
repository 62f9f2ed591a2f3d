/**
 * API. The servlet-free engine: {@link io.keygate.verify.Authenticator} decides a
 * {@link io.keygate.verify.Credential} into an {@link io.keygate.verify.AuthOutcome}, configured by
 * {@link io.keygate.verify.EngineSettings}. Its parts (key resolver and caches, failed-authentication limit,
 * authorizer, last-used write-behind, meters) are package-private: adapters reach them only through the engine.
 */
@PackageRole(PackageRole.Role.API)
package io.keygate.verify;

import io.keygate.PackageRole;
