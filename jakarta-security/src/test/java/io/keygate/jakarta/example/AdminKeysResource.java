package io.keygate.jakarta.example;

import io.keygate.Keygate;
import io.keygate.keys.Owner;
import io.keygate.keys.Permission;
import io.keygate.keys.Restriction;
import io.keygate.limit.Limit;
import io.keygate.service.CreatedKey;
import io.keygate.service.NewKey;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import java.time.Instant;
import java.util.EnumSet;
import java.util.Set;

/** Key management for the tests, behind the admin role: create (the plaintext once) and revoke. */
@Path("admin/keys")
@RolesAllowed("admin")
public class AdminKeysResource {

    @Inject
    Keygate keygate;

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @Produces(MediaType.APPLICATION_JSON)
    public Response create(JsonObject body) {
        NewKey.Builder spec = NewKey.builder(body.getString("organization_id"), Owner.user("example-test"))
                .name(body.getString("name", ""));
        if (body.containsKey("team_id")) {
            spec.teamId(body.getString("team_id"));
        }
        if (body.containsKey("permissions")) {
            Set<Permission> permissions = EnumSet.noneOf(Permission.class);
            body.getJsonArray("permissions").getValuesAs(JsonString.class)
                    .forEach(p -> permissions.add(Permission.fromWireName(p.getString())));
            spec.permissions(permissions);
        }
        if (body.containsKey("workflow_id")) {
            spec.restriction(new Restriction("workflow", body.getString("workflow_id")));
        }
        if (body.containsKey("rate_limit")) {
            JsonObject limit = body.getJsonObject("rate_limit");
            spec.rateLimit(new Limit(limit.getInt("limit"), limit.getInt("window_seconds")));
        }
        if (body.containsKey("expires_in_seconds")) {
            spec.expiresAt(Instant.now().plusSeconds(body.getInt("expires_in_seconds")));
        }
        CreatedKey created = keygate.service().create(spec.build());
        return Response.status(201).header("Cache-Control", "no-store")
                .entity(Json.createObjectBuilder().add("id", created.key().id()).add("key", created.plaintext()).build())
                .build();
    }

    @DELETE
    @Path("{id}")
    public Response revoke(@PathParam("id") String id) {
        return keygate.service().revoke(id).isPresent() ? Response.noContent().build()
                : Response.status(404).build();
    }
}
