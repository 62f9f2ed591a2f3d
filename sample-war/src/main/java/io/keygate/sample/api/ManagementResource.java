package io.keygate.sample.api;

import io.keygate.sample.rest.Errors;
import io.keygate.sample.rest.OpenApiDocument;
import io.keygate.service.Actor;
import io.keygate.service.ManagementRule;
import io.keygate.store.AuditEvent;
import io.keygate.store.AuditQuery;
import io.keygate.store.KeyQuery;
import io.keygate.store.Page;
import io.keygate.store.Team;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.security.SecurityRequirement;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;

import java.util.List;

/**
 * Teams (contract §7.3), plans and plan changes (§7.4) and the audit log (§7.5) under {@code /admin/api}.
 *
 * <p>Teams and audit events of other organizations are visible to platform admins only: without
 * {@code organization_id} others see their own organization's, and naming another organization is 403. Plans are
 * the same for everyone. A plan change is made by keygate's {@code PlanService} (platform admins only, audited)
 * through the sample's organization directory: effective at once on this node, within 5 s on every other node.
 */
@Path("/admin/api")
@Produces(MediaType.APPLICATION_JSON)
@RolesAllowed("admin")
@SecurityRequirement(name = OpenApiDocument.BEARER)
@Tag(name = "management")
public class ManagementResource extends AdminResource {


    @GET
    @Path("teams")
    @Operation(summary = "Teams of an organization (default: the caller's), by id")
    public Items<TeamView> listTeams(@QueryParam("organization_id")
                                     @Pattern(regexp = "|" + Ids.FIELD, message = Ids.FIELD_RULE)
                                     String organizationId) {
        Actor actor = actor();
        boolean platform = app().keygate().service().isPlatformAdmin(actor);
        String organization = organizationId == null || organizationId.isEmpty()
                ? (platform ? null : actor.organizationId()) : organizationId;
        if (organization != null && !platform && !organization.equals(actor.organizationId())) {
            throw Errors.forbidden(ManagementRule.ORGANIZATION.wireName() + ": organization_id must be the calling "
                    + "key's organization '" + actor.organizationId() + "'");
        }
        List<Team> teams = app().keygate().management().teams().list(organization);
        return new Items<>(teams.stream().map(TeamView::of).toList());
    }

    @GET
    @Path("plans")
    @Operation(summary = "Every plan: name, API access and limits")
    public Items<PlanView> listPlans() {
        return new Items<>(app().organizations().plans().stream().map(PlanView::of).toList());
    }

    @PUT
    @Path("organizations/{id: " + Ids.PATH + "}/plan")
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Changes an organization's plan (platform admins only)")
    public OrganizationPlanView changePlan(@PathParam("id") String id,
                                           @Valid @NotNull(message = Errors.BODY_REQUIRED) PlanRequest body) {
        return app().keygate().planChanges().changePlan(actor(), id, body.plan())
                .map(a -> new OrganizationPlanView(a.organizationId(), a.plan()))
                .orElseThrow(() -> Errors.notFound("no organization '" + id + "'"));
    }

    @GET
    @Path("audit")
    @Operation(summary = "Audit events the caller may see, newest first")
    public Paged<AuditEventView> listAuditEvents(
            @QueryParam("organization_id") @Pattern(regexp = "|" + Ids.FIELD, message = Ids.FIELD_RULE)
            String organizationId,
            @QueryParam("action") @Pattern(regexp = "|key\\.create|key\\.rotate|key\\.revoke|service_account\\.create"
                    + "|service_account\\.disable|organization\\.plan|console\\.sign_in|console\\.sign_out",
                    message = "must be one of key.create, key.rotate, key.revoke, service_account.create, "
                            + "service_account.disable, organization.plan, console.sign_in, console.sign_out")
            String action,
            @QueryParam("target_id") @Pattern(regexp = "|" + Ids.FIELD, message = Ids.FIELD_RULE) String targetId,
            @QueryParam("actor_key_id") @Pattern(regexp = "|" + Ids.FIELD, message = Ids.FIELD_RULE)
            String actorKeyId,
            @QueryParam("outcome") @Pattern(regexp = "|success|denied", message = "must be 'success' or 'denied'")
            String outcome,
            @QueryParam("page") @DefaultValue("1") @Min(1) @Max(AdminKeysResource.MAX_PAGE) int page,
            @QueryParam("size") @DefaultValue("" + KeyQuery.DEFAULT_SIZE) @Min(1) @Max(KeyQuery.MAX_SIZE) int size) {
        AuditQuery query = new AuditQuery(organizationId,
                blank(action) ? null : AuditEvent.Action.fromWireName(action), targetId, actorKeyId,
                blank(outcome) ? null : AuditEvent.Outcome.fromWireName(outcome), page, size);
        Page<AuditEvent> result = app().keygate().audit().search(actor(), query);
        return Paged.of(result, result.items().stream().map(AuditEventView::of).toList());
    }
}
