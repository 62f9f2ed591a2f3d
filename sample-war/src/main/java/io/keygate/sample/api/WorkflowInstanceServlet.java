package io.keygate.sample.api;

import io.keygate.sample.workflow.WorkflowInstanceEntity;

import java.io.IOException;
import java.util.List;

/**
 * {@code GET /developer/api/workflow_instances/{id}/status} (read) → 200 instance.
 *
 * <p>Visibility: an instance of another organization, or of the other environment (live instances for test keys
 * and the reverse), is 404, indistinguishable from an id that does not exist. A key restricted to one workflow
 * asking for an instance of another gets the restriction 403; this check lives here because the instance path
 * does not name the workflow, so no path template can express it.
 */
public class WorkflowInstanceServlet extends JsonServlet {

    @Override
    protected void handle(Exchange x) throws IOException {
        List<String> s = x.segments();
        if (s.size() != 2 || !s.get(1).equals("status")) {
            throw ApiException.notFound("no such resource: see GET /developer/api/workflow_instances/{id}/status");
        }
        allow(x, "GET");
        String id = x.id(0, "workflow instance");
        Caller caller = x.caller();
        WorkflowInstanceEntity instance = app().workflows().findInstance(id)
                .filter(i -> i.getOrganizationId().equals(caller.organizationId()))
                .filter(i -> i.isLivemode() == caller.isLive())
                .orElseThrow(() -> ApiException.notFound("no workflow instance '" + id + "' visible to this key"));
        String only = caller.restrictedTo("workflow");
        if (only != null && !only.equals(instance.getWorkflowId())) {
            throw ApiException.restricted("workflow");
        }
        x.respond(200, WorkflowServlet.view(instance));
    }
}
