/**
 * API. The servlet adapter: {@link io.keygate.http.ApiKeyAuthFilter}, its settings
 * ({@link io.keygate.http.AuthSettings}, {@link io.keygate.http.HttpSettings}), the caller's
 * {@link io.keygate.http.ApiKeyPrincipal}, the words of every answer ({@link io.keygate.http.Responses}), and
 * {@link io.keygate.http.HttpAuthenticator}, which other servlet-based adapters (Jakarta Security) share.
 * Credential reading, the responder and the request wrapper are package-private.
 */
@PackageRole(PackageRole.Role.API)
package io.keygate.http;

import io.keygate.PackageRole;
