package io.keygate.sample.api;

import io.keygate.keys.ApiKey;
import io.keygate.keys.Environment;
import io.keygate.keys.Owner;
import io.keygate.keys.Permission;
import io.keygate.keys.Restriction;
import io.keygate.limit.Limit;
import io.keygate.sample.app.SampleApplication;
import io.keygate.sample.rest.Errors;
import io.keygate.sample.rest.OpenApiDocument;
import io.keygate.service.ApiKeyService;
import io.keygate.service.CreatedKey;
import io.keygate.service.NewKey;
import io.keygate.store.KeyQuery;
import io.keygate.store.Page;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.security.SecurityRequirement;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.annotation.security.RolesAllowed;
import jakarta.servlet.ServletContext;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.SecurityContext;
import jakarta.ws.rs.core.UriInfo;

import java.net.URI;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

/**
 * The admin API under {@code /admin/api/keys} (the filter's {@code admin-paths} already require the {@code admin}
 * permission there; {@code @RolesAllowed} says so again where a reader of the resource looks). Keys are managed only
 * through {@link ApiKeyService}.
 *
 * <p>Who sees what: admin keys of the {@code platform} organization see and manage every organization's keys;
 * admin keys of any other organization only their own organization's. A key the caller may not see is 404, like
 * a key that does not exist. Asking explicitly for another organization ({@code organization_id} in a body or
 * query) is 403, and so is setting {@code plan} or {@code rate_limit} without being a platform admin: an
 * organization must not raise its own limits.
 */
@Path("/admin/api/keys")
@Produces(MediaType.APPLICATION_JSON)
@RolesAllowed("admin")
@SecurityRequirement(name = OpenApiDocument.BEARER)
@Tag(name = "keys")
public class AdminKeysResource {

    public static final int MAX_QUERY_LENGTH = 128;
    public static final int MAX_PAGE = 1_000_000;

    @Context
    private SecurityContext security;
    @Context
    private ServletContext servletContext;
    @Context
    private UriInfo uriInfo;

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Creates a key; the answer is the only one that shows its plaintext",
            responses = @ApiResponse(responseCode = "201", description = "The key object with `key`",
                    content = @Content(schema = @Schema(implementation = KeyView.class))))
    public Response createKey(@Valid CreateKeyRequest body) {
        NewKey spec = toNewKey(Caller.of(security), body == null ? CreateKeyRequest.EMPTY : body);
        return created(service().create(spec));
    }

    @GET
    @Operation(summary = "Keys the caller manages, newest first, by name substring and organization")
    public KeyPage listKeys(@QueryParam("q") @Size(max = MAX_QUERY_LENGTH) String q,
                        @QueryParam("page") @DefaultValue("1") @Min(1) @Max(MAX_PAGE) int page,
                        @QueryParam("size") @DefaultValue("" + KeyQuery.DEFAULT_SIZE) @Min(1) @Max(KeyQuery.MAX_SIZE)
                        int size,
                        @QueryParam("organization_id") @Pattern(regexp = "|" + Ids.FIELD, message = Ids.FIELD_RULE)
                        String organizationId) {
        Caller caller = Caller.of(security);
        String organization = organizationId == null || organizationId.isEmpty() ? null : organizationId;
        if (organization == null) {
            organization = caller.isPlatformAdmin() ? null : caller.organizationId();
        } else if (!caller.manages(organization)) {
            throw Errors.forbidden(othersOrganization(caller));
        }
        Page<ApiKey> result = service().search(new KeyQuery(organization, q, page, size));
        Instant now = now();
        return new KeyPage(result.items().stream().map(k -> KeyView.of(k, now)).toList(), result.page(),
                result.size(), result.total());
    }

    @GET
    @Path("{id: " + Ids.PATH + "}")
    @Operation(summary = "One key")
    public KeyView getKey(@PathParam("id") String id) {
        return KeyView.of(visibleKey(Caller.of(security), id), now());
    }

    @DELETE
    @Path("{id: " + Ids.PATH + "}")
    @Operation(summary = "Revokes a key now; revoking it again changes nothing",
            responses = @ApiResponse(responseCode = "204", description = "Revoked"))
    public void revokeKey(@PathParam("id") String id) {
        visibleKey(Caller.of(security), id);
        service().revoke(id);
    }

    @POST
    @Path("{id: " + Ids.PATH + "}/rotate")
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Replaces a key by a new one; the old one is revoked now or expires after the grace",
            responses = @ApiResponse(responseCode = "201", description = "The new key object with `key` and `replaces`",
                    content = @Content(schema = @Schema(implementation = KeyView.class))))
    public Response rotateKey(@PathParam("id") String id, @Valid RotateRequest body) {
        visibleKey(Caller.of(security), id);
        long grace = body == null ? 0 : body.graceOrDefault();
        return created(service().rotate(id, grace).orElseThrow(() -> Errors.notFound("no key '" + id + "'")));
    }

    @GET
    @Path("{id: " + Ids.PATH + "}/usage")
    @Operation(summary = "Requests of a key per UTC day (authenticated, rate limited, forbidden), oldest first, "
            + "days without requests as zeros")
    public Items<UsageDay> keyUsage(@PathParam("id") String id,
                                    @QueryParam("days") @DefaultValue("" + UsageDay.DEFAULT_DAYS) @Min(1)
                                    @Max(UsageDay.MAX_DAYS) int days) {
        ApiKey key = visibleKey(Caller.of(security), id);
        LocalDate today = LocalDate.ofInstant(now(), ZoneOffset.UTC);
        return new Items<>(app().usage().lastDays(key.id(), days, today).stream().map(UsageDay::of).toList());
    }

    /** 201 with the plaintext (so {@code no-store}) and {@code Location}, a path under the context path. */
    private Response created(CreatedKey created) {
        URI location = URI.create(uriInfo.getBaseUriBuilder().path(AdminKeysResource.class)
                .path(created.key().id()).build().getRawPath());
        return Response.created(location)
                .header(HttpHeaders.CACHE_CONTROL, "no-store")
                .entity(KeyView.created(created, now()))
                .build();
    }

    private ApiKey visibleKey(Caller caller, String id) {
        return service().get(id)
                .filter(k -> caller.manages(k.organizationId()))
                .orElseThrow(() -> Errors.notFound("no key '" + id + "'"));
    }

    private NewKey toNewKey(Caller caller, CreateKeyRequest r) {
        String organization = r.organizationId() == null ? caller.organizationId() : r.organizationId();
        if (!caller.manages(organization)) {
            throw Errors.forbidden(othersOrganization(caller));
        }
        if (!app().organizations().exists(organization)) {
            throw Errors.invalid("organization_id: there is no organization '" + organization + "'");
        }
        if (r.plan() != null && !caller.isPlatformAdmin()) {
            throw Errors.forbidden("plan: only platform admins may set a key's plan");
        }
        if (r.rateLimit() != null && !caller.isPlatformAdmin()) {
            throw Errors.forbidden("rate_limit: only platform admins may set a key's rate limit");
        }
        NewKey.Builder b = NewKey.builder(organization, owner(caller, r.owner()))
                .name(r.name() == null ? "" : r.name())
                .teamId(r.teamId())
                .environment(r.environment() == null ? Environment.LIVE : Environment.fromWireName(r.environment()))
                .permissions(permissions(r.permissions()))
                .plan(r.plan())
                .rateLimit(r.rateLimit() == null ? null
                        : new Limit(r.rateLimit().limit(), r.rateLimit().windowSeconds()))
                .expiresAt(r.expiresAt() == null ? null : r.expiresAt().toInstant());
        if (r.workflowId() != null) {
            app().workflows().findWorkflow(organization, r.workflowId()).orElseThrow(() -> Errors.invalid(
                    "workflow_id: there is no workflow '" + r.workflowId() + "' in organization '" + organization + "'"));
            b.restriction(new Restriction("workflow", r.workflowId()));
        }
        return b.build();
    }

    private static Owner owner(Caller caller, CreateKeyRequest.OwnerBody body) {
        return body == null ? caller.key().owner() : new Owner(Owner.Type.fromWireName(body.type()), body.id());
    }

    private static Set<Permission> permissions(List<String> values) {
        if (values == null) {
            return EnumSet.of(Permission.READ, Permission.WRITE);
        }
        EnumSet<Permission> out = EnumSet.noneOf(Permission.class);
        values.forEach(v -> out.add(Permission.fromWireName(v)));
        return out;
    }

    private static String othersOrganization(Caller caller) {
        return "organization_id: this key may manage only the keys of organization '" + caller.organizationId() + "'";
    }

    private SampleApplication app() {
        return SampleApplication.from(servletContext);
    }

    private ApiKeyService service() {
        return app().keygate().service();
    }

    private Instant now() {
        return app().keygate().clock().instant();
    }
}
