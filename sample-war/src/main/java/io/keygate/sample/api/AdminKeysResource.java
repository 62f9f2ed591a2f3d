package io.keygate.sample.api;

import io.keygate.keys.ApiKey;
import io.keygate.keys.Environment;
import io.keygate.keys.Owner;
import io.keygate.keys.Permission;
import io.keygate.keys.Restriction;
import io.keygate.limit.Limit;
import io.keygate.sample.rest.Errors;
import io.keygate.sample.rest.OpenApiDocument;
import io.keygate.service.Actor;
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
import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
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
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
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
 * through {@link ApiKeyService}'s management operations, which apply contract §7.1 (no key broader than its caller)
 * and write the audit log; this class maps HTTP to them.
 *
 * <p>Who sees what: admin keys of the {@code platform} organization see and manage every organization's keys;
 * admin keys of any other organization only their own organization's. A key the caller may not see is 404, like
 * a key that does not exist. Naming another organization ({@code organization_id} in a body or query) is 403.
 * What a create body leaves out (organization, owner, team, workflow, expiry, rate limit) the new key inherits
 * from the caller's key.
 */
@Path("/admin/api/keys")
@Produces(MediaType.APPLICATION_JSON)
@RolesAllowed("admin")
@SecurityRequirement(name = OpenApiDocument.BEARER)
@Tag(name = "keys")
public class AdminKeysResource extends AdminResource {

    public static final int MAX_PAGE = 1_000_000;

    @Context
    private UriInfo uriInfo;

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Creates a key; the answer is the only one that shows its plaintext",
            responses = @ApiResponse(responseCode = "201", description = "The key object with `key`",
                    content = @Content(schema = @Schema(implementation = KeyView.class))))
    public Response createKey(@Valid CreateKeyRequest body) {
        Actor actor = actor();
        NewKey spec = toNewKey(actor, body == null ? CreateKeyRequest.EMPTY : body);
        return created(service().create(actor, spec));
    }

    @GET
    @Operation(summary = "Keys the caller manages, newest first, filtered by name substring, organization, status,"
            + " environment, team and owner")
    public KeyPage listKeys(@QueryParam("q") String q,
                            @QueryParam("page") @DefaultValue("1") @Min(1) @Max(MAX_PAGE) int page,
                            @QueryParam("size") @DefaultValue("" + KeyQuery.DEFAULT_SIZE) @Min(1)
                            @Max(KeyQuery.MAX_SIZE) int size,
                            @QueryParam("organization_id") @Pattern(regexp = "|" + Ids.FIELD, message = Ids.FIELD_RULE)
                            String organizationId,
                            @QueryParam("status") @Pattern(regexp = "|active|expired|revoked",
                                    message = "must be 'active', 'expired' or 'revoked'") String status,
                            @QueryParam("environment") @Pattern(regexp = "|live|test", message = "must be 'live' or 'test'")
                            String environment,
                            @QueryParam("team_id") @Pattern(regexp = "|" + Ids.FIELD, message = Ids.FIELD_RULE)
                            String teamId,
                            @QueryParam("owner_type") @Pattern(regexp = "|user|service_account",
                                    message = "must be 'user' or 'service_account'") String ownerType,
                            @QueryParam("owner_id") @Pattern(regexp = "|" + Ids.FIELD, message = Ids.FIELD_RULE)
                            String ownerId) {
        KeyQuery.Builder query = KeyQuery.builder()
                .organizationId(organizationId)
                .nameContains(q)
                .environment(blank(environment) ? null : Environment.fromWireName(environment))
                .teamId(teamId)
                .ownerType(blank(ownerType) ? null : Owner.Type.fromWireName(ownerType))
                .ownerId(ownerId)
                .page(page)
                .size(size);
        if (!blank(status)) {
            query.status(ApiKey.Status.valueOf(status.toUpperCase(java.util.Locale.ROOT)), now());
        }
        Page<ApiKey> result = service().search(actor(), query.build());
        Instant now = now();
        return new KeyPage(result.items().stream().map(k -> KeyView.of(k, now)).toList(), result.page(),
                result.size(), result.total());
    }

    @GET
    @Path("{id: " + Ids.PATH + "}")
    @Operation(summary = "One key")
    public KeyView getKey(@PathParam("id") String id) {
        return KeyView.of(service().get(actor(), id).orElseThrow(() -> noKey(id)), now());
    }

    @DELETE
    @Path("{id: " + Ids.PATH + "}")
    @Operation(summary = "Revokes a key now; revoking it again changes nothing",
            responses = @ApiResponse(responseCode = "204", description = "Revoked"))
    public void revokeKey(@PathParam("id") String id) {
        service().revoke(actor(), id).orElseThrow(() -> noKey(id));
    }

    @POST
    @Path("{id: " + Ids.PATH + "}/rotate")
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Replaces a key by a new one; the old one is revoked now or expires after the grace",
            responses = @ApiResponse(responseCode = "201", description = "The new key object with `key` and `replaces`",
                    content = @Content(schema = @Schema(implementation = KeyView.class))))
    public Response rotateKey(@PathParam("id") String id, @Valid RotateRequest body) {
        long grace = body == null ? 0 : body.graceOrDefault();
        return created(service().rotate(actor(), id, grace).orElseThrow(() -> noKey(id)));
    }

    @GET
    @Path("{id: " + Ids.PATH + "}/usage")
    @Operation(summary = "Requests of a key per UTC day (authenticated, rate limited, forbidden), oldest first, "
            + "days without requests as zeros")
    public Items<UsageDay> keyUsage(@PathParam("id") String id,
                                    @QueryParam("days") @DefaultValue("" + UsageDay.DEFAULT_DAYS) @Min(1)
                                    @Max(UsageDay.MAX_DAYS) int days) {
        ApiKey key = service().get(actor(), id).orElseThrow(() -> noKey(id));
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

    /** The body as a key spec; what it leaves out stays null, and the service fills it in from the caller. */
    private NewKey toNewKey(Actor actor, CreateKeyRequest r) {
        String organization = r.organizationId() == null ? actor.organizationId() : r.organizationId();
        requireKnownOrganization(actor, r.organizationId());
        NewKey.Builder b = NewKey.builder(r.organizationId(), owner(r.owner()))
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

    private static Owner owner(CreateKeyRequest.OwnerBody body) {
        return body == null ? null : new Owner(Owner.Type.fromWireName(body.type()), body.id());
    }

    private static Set<Permission> permissions(List<String> values) {
        if (values == null) {
            return EnumSet.of(Permission.READ, Permission.WRITE);
        }
        EnumSet<Permission> out = EnumSet.noneOf(Permission.class);
        values.forEach(v -> out.add(Permission.fromWireName(v)));
        return out;
    }

    private static WebApplicationException noKey(String id) {
        return Errors.notFound("no key '" + id + "'");
    }

    private ApiKeyService service() {
        return app().keygate().service();
    }

    private Instant now() {
        return app().keygate().clock().instant();
    }
}
