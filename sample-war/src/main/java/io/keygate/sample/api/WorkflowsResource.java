package io.keygate.sample.api;

import io.keygate.sample.app.SampleApplication;
import io.keygate.sample.rest.Errors;
import io.keygate.sample.rest.OpenApiDocument;
import io.keygate.sample.workflow.WorkflowEntity;
import io.keygate.sample.workflow.WorkflowInstanceEntity;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.security.SecurityRequirement;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.annotation.security.RolesAllowed;
import jakarta.servlet.ServletContext;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.SecurityContext;

import java.security.SecureRandom;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;

/**
 * The caller organization's workflows: list, trigger, run history. Another organization's workflow is 404, like an
 * unknown one; a workflow-restricted key has already been refused other workflows' paths by the filter (path
 * template), and sees only its own workflow in the list.
 */
@Path("/developer/api/workflows")
@Produces(MediaType.APPLICATION_JSON)
@SecurityRequirement(name = OpenApiDocument.BEARER)
@Tag(name = "workflows")
public class WorkflowsResource {

    static final String INSTANCE_ID_PREFIX = "wfi_";
    private static final String ALPHABET = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";
    private static final SecureRandom RANDOM = new SecureRandom();

    @Context
    private SecurityContext security;
    @Context
    private ServletContext servletContext;

    @GET
    @RolesAllowed("read")
    @Operation(summary = "The caller organization's workflows, ordered by id")
    public Items<WorkflowView> listWorkflows() {
        Caller caller = Caller.of(security);
        String only = caller.restrictedTo("workflow");
        return new Items<>(app().workflows().listWorkflows(caller.organizationId()).stream()
                .filter(w -> only == null || only.equals(w.getId()))
                .map(WorkflowView::of)
                .toList());
    }

    @POST
    @Path("{workflow_id: " + Ids.PATH + "}/trigger/sync")
    @Consumes(MediaType.APPLICATION_JSON)
    @RolesAllowed("write")
    @Operation(summary = "Runs a workflow and answers its completed instance")
    public InstanceView triggerWorkflow(@PathParam("workflow_id") String workflowId,
                                        @Valid @NotNull(message = Errors.BODY_REQUIRED) TriggerRequest body) {
        Caller caller = Caller.of(security);
        WorkflowEntity workflow = workflow(caller, workflowId);
        Clock clock = app().keygate().clock();
        Instant created = clock.instant().truncatedTo(ChronoUnit.MILLIS);
        String output = app().engine().run(workflow.getId(), body.humanMsg());
        Instant completed = clock.instant().truncatedTo(ChronoUnit.MILLIS);
        WorkflowInstanceEntity instance = new WorkflowInstanceEntity(newInstanceId(), workflow.getId(),
                caller.organizationId(), caller.isLive(), caller.keyId(), "completed", output, body.fileUrlCount(),
                created, completed);
        app().workflows().save(instance);
        return InstanceView.of(instance);
    }

    /**
     * The run history. A GET, which the filter lets every {@code read} key through, but the instances carry the
     * outputs of every key's runs (and so their messages): only keys that may run the workflow may list them.
     */
    @GET
    @Path("{workflow_id: " + Ids.PATH + "}/instances")
    @RolesAllowed("write")
    @Operation(summary = "The workflow's latest instances in the caller's environment, newest first",
            description = "Needs the write permission: the instances carry the outputs of every key's runs.")
    public Items<InstanceView> listInstances(@PathParam("workflow_id") String workflowId,
                                             @QueryParam("limit") @DefaultValue("20") @Min(1) @Max(100) int limit) {
        Caller caller = Caller.of(security);
        WorkflowEntity workflow = workflow(caller, workflowId);
        return new Items<>(app().workflows()
                .latestInstances(caller.organizationId(), workflow.getId(), caller.isLive(), limit).stream()
                .map(InstanceView::of)
                .toList());
    }

    private WorkflowEntity workflow(Caller caller, String workflowId) {
        return app().workflows().findWorkflow(caller.organizationId(), workflowId)
                .orElseThrow(() -> Errors.notFound("no workflow '" + workflowId + "' in your organization"));
    }

    private SampleApplication app() {
        return SampleApplication.from(servletContext);
    }

    private static String newInstanceId() {
        char[] out = new char[24];
        for (int i = 0; i < out.length; i++) {
            out[i] = ALPHABET.charAt(RANDOM.nextInt(ALPHABET.length()));
        }
        return INSTANCE_ID_PREFIX + new String(out);
    }
}
