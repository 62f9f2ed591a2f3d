/**
 * keygate for a WAR with {@code web.xml} alone: {@link io.keygate.webapp.KeygateListener} builds and publishes
 * keygate from {@code keygate.*} context-params ({@link io.keygate.webapp.WebappSettings}), through
 * {@link io.keygate.webapp.KeygateRuntime}, which applications with more to set up use directly.
 */
@PackageRole(PackageRole.Role.API)
package io.keygate.webapp;

import io.keygate.PackageRole;
