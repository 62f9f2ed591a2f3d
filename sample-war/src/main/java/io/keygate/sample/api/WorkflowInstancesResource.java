package io.keygate.sample.api;

import io.keygate.sample.app.SampleApplication;
import io.keygate.sample.rest.Errors;
import io.keygate.sample.rest.OpenApiDocument;
import io.keygate.sample.workflow.WorkflowInstanceEntity;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.security.SecurityRequirement;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.annotation.security.RolesAllowed;
import jakarta.servlet.ServletContext;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.SecurityContext;

/**
 * {@code GET /developer/api/workflow_instances/{id}/status}.
 *
 * <p>Visibility: an instance of another organization, or of the other environment (live instances for test keys
 * and the reverse), is 404, indistinguishable from an id that does not exist. A key restricted to one workflow
 * asking for an instance of another gets the restriction 403; this check lives here because the instance path
 * does not name the workflow, so no path template can express it.
 */
@Path("/developer/api/workflow_instances")
@Produces(MediaType.APPLICATION_JSON)
@SecurityRequirement(name = OpenApiDocument.BEARER)
@Tag(name = "workflows")
public class WorkflowInstancesResource {

    @Context
    private SecurityContext security;
    @Context
    private ServletContext servletContext;

    @GET
    @Path("{id: " + Ids.PATH + "}/status")
    @RolesAllowed("read")
    @Operation(summary = "A workflow instance of the caller's organization and environment")
    public InstanceView instanceStatus(@PathParam("id") String id) {
        Caller caller = Caller.of(security);
        WorkflowInstanceEntity instance = SampleApplication.from(servletContext).workflows().findInstance(id)
                .filter(i -> i.getOrganizationId().equals(caller.organizationId()))
                .filter(i -> i.isLivemode() == caller.isLive())
                .orElseThrow(() -> Errors.notFound("no workflow instance '" + id + "' visible to this key"));
        String only = caller.restrictedTo("workflow");
        if (only != null && !only.equals(instance.getWorkflowId())) {
            throw Errors.restricted("workflow");
        }
        return InstanceView.of(instance);
    }
}
