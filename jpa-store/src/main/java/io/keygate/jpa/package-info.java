/**
 * API. The JPA (EclipseLink) implementation of keygate's store SPI for H2, PostgreSQL and MariaDB
 * ({@link io.keygate.jpa.JpaApiKeyStore}), its connection pool ({@link io.keygate.jpa.KeygateDataSources}) and
 * migrations ({@link io.keygate.jpa.KeygateMigrations}).
 */
@PackageRole(PackageRole.Role.API)
package io.keygate.jpa;

import io.keygate.PackageRole;
