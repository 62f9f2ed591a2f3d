/**
 * Internal to the sample application (not a library): the server side of the browser console (contract §9): its
 * sessions (an admin key signs in once; a random cookie names a server-side session bound to the key's id), the
 * session endpoint, the admin API reached as the session's key, the static files and the headers every console
 * answer carries.
 */
@PackageRole(PackageRole.Role.INTERNAL)
package io.keygate.sample.console;

import io.keygate.PackageRole;
