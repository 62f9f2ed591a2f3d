/**
 * Internal to the sample application (not a library): Jakarta REST plumbing of the sample: the application, JSON, the error answers and their mappers, /openapi.json.
 */
@PackageRole(PackageRole.Role.INTERNAL)
package io.keygate.sample.rest;

import io.keygate.PackageRole;
