/**
 * API. Redis backends for clusters of nodes: the shared rate limiter and the revocation broadcast
 * ({@link io.keygate.redis.RedisKeygate}), configured by {@link io.keygate.redis.RedisSettings} or the
 * {@code web.xml} listener {@link io.keygate.redis.RedisKeygateListener}.
 */
@PackageRole(PackageRole.Role.API)
package io.keygate.redis;

import io.keygate.PackageRole;
