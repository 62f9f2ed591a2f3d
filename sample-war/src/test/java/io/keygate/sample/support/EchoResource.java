package io.keygate.sample.support;

import io.keygate.sample.api.CreateKeyRequest;
import io.keygate.sample.api.RotateRequest;
import io.keygate.sample.api.TriggerRequest;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

/**
 * Answers each of the sample's request records as it was bound (204 for an absent optional body), declared like
 * the sample's own resource methods: a required body ({@code trigger}) and optional ones ({@code create},
 * {@code rotate}).
 */
@Path("/echo")
@Consumes(MediaType.APPLICATION_JSON)
@Produces(MediaType.APPLICATION_JSON)
public class EchoResource {

    @POST
    @Path("trigger")
    public TriggerRequest trigger(@Valid @NotNull(message = "a JSON object is required") TriggerRequest body) {
        return body;
    }

    @POST
    @Path("create")
    public Response create(@Valid CreateKeyRequest body) {
        return body == null ? Response.noContent().build() : Response.ok(body).build();
    }

    @POST
    @Path("rotate")
    public Response rotate(@Valid RotateRequest body) {
        return body == null ? Response.noContent().build() : Response.ok(body).build();
    }
}
