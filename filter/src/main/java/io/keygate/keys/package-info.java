/**
 * API. The key format ({@code <prefix><32 base62><6 base62 CRC32>}), generation, hashing and redaction, identifiers,
 * and the stored key with its owner, environment, permissions and restriction.
 */
@PackageRole(PackageRole.Role.API)
package io.keygate.keys;

import io.keygate.PackageRole;
