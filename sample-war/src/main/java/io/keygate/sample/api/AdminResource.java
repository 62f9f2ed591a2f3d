package io.keygate.sample.api;

import io.keygate.sample.app.SampleApplication;
import io.keygate.sample.rest.Errors;
import io.keygate.service.Actor;
import jakarta.servlet.ServletContext;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.SecurityContext;

/**
 * What the admin API's resources share: the calling key as keygate's management services see it (an {@link Actor},
 * with the client address for the audit log) and the sample's application objects.
 */
abstract class AdminResource {

    @Context
    private SecurityContext security;
    @Context
    private ServletContext servletContext;
    @Context
    private HttpServletRequest request;

    /** The caller as the management rules see it (contract §7.1). */
    final Actor actor() {
        return Caller.of(security).actor(app().keygate(), request);
    }

    final SampleApplication app() {
        return SampleApplication.from(servletContext);
    }

    /**
     * A platform admin naming an organization in a body must name one that exists (400 naming
     * {@code organization_id}); for other callers keygate's rules answer (403 for another organization).
     */
    final void requireKnownOrganization(Actor actor, String organizationId) {
        if (organizationId != null && app().keygate().service().isPlatformAdmin(actor)
                && !app().organizations().exists(organizationId)) {
            throw Errors.invalid("organization_id: there is no organization '" + organizationId + "'");
        }
    }

    static boolean blank(String s) {
        return s == null || s.isEmpty();
    }
}
