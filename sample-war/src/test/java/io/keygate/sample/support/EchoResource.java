package io.keygate.sample.support;

import io.keygate.sample.api.CreateKeyRequest;
import io.keygate.sample.api.RotateRequest;
import io.keygate.sample.api.TriggerRequest;
import io.keygate.sample.rest.Errors;
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
 * {@code rotate}), and one that fails unexpectedly.
 */
@Path("/echo")
@Consumes(MediaType.APPLICATION_JSON)
@Produces(MediaType.APPLICATION_JSON)
public class EchoResource {

    public static final String FAILURE_MESSAGE = "an unexpected failure inside a resource";

    @POST
    @Path("trigger")
    public TriggerRequest trigger(@Valid @NotNull(message = Errors.BODY_REQUIRED) TriggerRequest body) {
        return body;
    }

    @POST
    @Path("create")
    public Response create(@Valid CreateKeyRequest body) {
        return body == null ? Response.noContent().build() : Response.ok(body).build();
    }

    /** A bug: an exception no mapper expects. */
    @POST
    @Path("fail")
    public Response fail() {
        throw new IllegalStateException(FAILURE_MESSAGE);
    }

    @POST
    @Path("rotate")
    public Response rotate(@Valid RotateRequest body) {
        return body == null ? Response.noContent().build() : Response.ok(body).build();
    }
}
