package io.keygate.sample.api;

import io.keygate.sample.rest.Errors;
import io.keygate.sample.rest.OpenApiDocument;
import io.keygate.service.Actor;
import io.keygate.service.NewServiceAccount;
import io.keygate.service.ServiceAccountService;
import io.keygate.store.Page;
import io.keygate.store.ServiceAccount;
import io.keygate.store.ServiceAccountQuery;
import io.keygate.store.KeyQuery;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.security.SecurityRequirement;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;

import java.net.URI;

/**
 * Service accounts (contract §7.2) under {@code /admin/api/service_accounts}: non-human owners of keys. Disabling
 * one revokes every key it owns in one transaction and evicts them on every node (through the Redis broadcast when
 * configured) before the 204. Rules and audit are {@link ServiceAccountService}'s.
 */
@Path("/admin/api/service_accounts")
@Produces(MediaType.APPLICATION_JSON)
@RolesAllowed("admin")
@SecurityRequirement(name = OpenApiDocument.BEARER)
@Tag(name = "service accounts")
public class ServiceAccountsResource extends AdminResource {

    @Context
    private UriInfo uriInfo;

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Creates an active service account",
            responses = @ApiResponse(responseCode = "201", description = "The service account",
                    content = @Content(schema = @Schema(implementation = ServiceAccountView.class))))
    public Response createServiceAccount(@Valid @NotNull(message = Errors.BODY_REQUIRED) ServiceAccountRequest body) {
        Actor actor = actor();
        requireKnownOrganization(actor, body.organizationId());
        ServiceAccount account = accounts().create(actor,
                new NewServiceAccount(body.name(), body.organizationId(), body.teamId()));
        URI location = URI.create(uriInfo.getBaseUriBuilder().path(ServiceAccountsResource.class)
                .path(account.id()).build().getRawPath());
        return Response.created(location).entity(ServiceAccountView.of(account)).build();
    }

    @GET
    @Operation(summary = "Service accounts the caller manages, newest first, by name substring, status and organization")
    public Paged<ServiceAccountView> listServiceAccounts(
            @QueryParam("q") String q,
            @QueryParam("status") @Pattern(regexp = "|active|disabled", message = "must be 'active' or 'disabled'")
            String status,
            @QueryParam("organization_id") @Pattern(regexp = "|" + Ids.FIELD, message = Ids.FIELD_RULE)
            String organizationId,
            @QueryParam("page") @DefaultValue("1") @Min(1) @Max(AdminKeysResource.MAX_PAGE) int page,
            @QueryParam("size") @DefaultValue("" + KeyQuery.DEFAULT_SIZE) @Min(1) @Max(KeyQuery.MAX_SIZE) int size) {
        Page<ServiceAccount> result = accounts().search(actor(), new ServiceAccountQuery(organizationId, q,
                status == null || status.isEmpty() ? null : ServiceAccount.Status.fromWireName(status), page, size));
        return Paged.of(result, result.items().stream().map(ServiceAccountView::of).toList());
    }

    @GET
    @Path("{id: " + Ids.PATH + "}")
    @Operation(summary = "One service account")
    public ServiceAccountView getServiceAccount(@PathParam("id") String id) {
        return ServiceAccountView.of(accounts().get(actor(), id).orElseThrow(() -> noAccount(id)));
    }

    @DELETE
    @Path("{id: " + Ids.PATH + "}")
    @Operation(summary = "Disables the account and revokes every key it owns, at once; again changes nothing",
            responses = @ApiResponse(responseCode = "204", description = "Disabled"))
    public void disableServiceAccount(@PathParam("id") String id) {
        accounts().disable(actor(), id).orElseThrow(() -> noAccount(id));
    }

    private static WebApplicationException noAccount(String id) {
        return Errors.notFound("no service account '" + id + "'");
    }

    private ServiceAccountService accounts() {
        return app().keygate().serviceAccounts();
    }
}
