package io.keygate.jakarta.example;

import io.keygate.http.ApiKeyPrincipal;
import jakarta.annotation.security.RolesAllowed;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import jakarta.security.enterprise.SecurityContext;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;

/** Who the container thinks the caller is, through each of its APIs. */
@Path("caller")
@RequestScoped
@Produces(MediaType.APPLICATION_JSON)
public class CallerResource {

    @Inject
    SecurityContext securityContext;

    @Inject
    ApiKeyPrincipal key;

    @Context
    HttpServletRequest request;

    @Context
    jakarta.ws.rs.core.SecurityContext jaxrsSecurity;

    @GET
    @RolesAllowed("read")
    public JsonObject caller(@QueryParam("role") String role) {
        JsonObjectBuilder b = Json.createObjectBuilder()
                .add("caller", securityContext.getCallerPrincipal().getName())
                .add("jaxrs_caller", jaxrsSecurity.getUserPrincipal().getName())
                .add("key_id", key.keyId())
                .add("organization", key.organizationId());
        if (key.teamId() != null) {
            b.add("team", key.teamId());
        }
        if (role != null) {
            b.add("caller_in_role", securityContext.isCallerInRole(role))
                    .add("user_in_role", request.isUserInRole(role));
        }
        return b.build();
    }

    /** Needs write even for GET: a read key passes keygate's method check and is refused by the role. */
    @GET
    @Path("writer")
    @RolesAllowed("write")
    public JsonObject writer() {
        return Json.createObjectBuilder().add("caller", securityContext.getCallerPrincipal().getName()).build();
    }

    /** Only keys of organization acme. */
    @GET
    @Path("acme")
    @RolesAllowed("org:acme")
    public JsonObject acme() {
        return Json.createObjectBuilder().add("organization", key.organizationId()).build();
    }

    /** Public: anyone, a key is optional. */
    @GET
    @Path("public")
    public JsonObject anyone() {
        return Json.createObjectBuilder().add("caller", key == null ? "anonymous" : key.keyId()).build();
    }
}
