package io.keygate.jakarta.example;

import jakarta.annotation.security.RolesAllowed;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

/** A resource under keygate's {@code workflow} restriction template ({@code /api/workflows/{id}/**}). */
@Path("workflows/{id}")
@Produces(MediaType.APPLICATION_JSON)
@RolesAllowed("read")
public class WorkflowResource {

    @GET
    public JsonObject get(@PathParam("id") String id) {
        return Json.createObjectBuilder().add("id", id).build();
    }

    @POST
    @Path("trigger")
    @RolesAllowed("write")
    public JsonObject trigger(@PathParam("id") String id) {
        return Json.createObjectBuilder().add("id", id).add("status", "completed").build();
    }
}
