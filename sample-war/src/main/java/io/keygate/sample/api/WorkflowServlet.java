package io.keygate.sample.api;

import io.keygate.sample.workflow.WorkflowEntity;
import io.keygate.sample.workflow.WorkflowInstanceEntity;

import java.io.IOException;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code /developer/api/workflows}: the caller organization's workflows, and synchronous triggers.
 *
 * <ul>
 * <li>{@code GET /developer/api/workflows} (read) → 200 {@code {"items":[{"id","name"}]}}, ordered by id. A
 * workflow-restricted key sees only its workflow.</li>
 * <li>{@code POST /developer/api/workflows/{id}/trigger/sync} (write) → 200 instance. The filter has already
 * refused a restricted key's request for another workflow (path template); another organization's workflow is
 * 404, as is an unknown one.</li>
 * </ul>
 */
public class WorkflowServlet extends JsonServlet {

    static final String INSTANCE_ID_PREFIX = "wfi_";
    private static final String ALPHABET = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";
    private final SecureRandom random = new SecureRandom();

    @Override
    protected void handle(Exchange x) throws IOException {
        List<String> s = x.segments();
        if (s.isEmpty()) {
            allow(x, "GET");
            list(x);
        } else if (s.size() == 3 && s.get(1).equals("trigger") && s.get(2).equals("sync")) {
            allow(x, "POST");
            trigger(x, x.id(0, "workflow"));
        } else {
            throw ApiException.notFound("no such resource: see GET /developer/api/workflows and "
                    + "POST /developer/api/workflows/{workflow_id}/trigger/sync");
        }
    }

    private void list(Exchange x) throws IOException {
        Caller caller = x.caller();
        String only = caller.restrictedTo("workflow");
        List<Map<String, Object>> items = app().workflows().listWorkflows(caller.organizationId()).stream()
                .filter(w -> only == null || only.equals(w.getId()))
                .map(WorkflowServlet::view)
                .toList();
        x.respond(200, items(items));
    }

    private void trigger(Exchange x, String workflowId) throws IOException {
        Caller caller = x.caller();
        WorkflowEntity workflow = app().workflows().findWorkflow(caller.organizationId(), workflowId)
                .orElseThrow(() -> ApiException.notFound("no workflow '" + workflowId + "' in your organization"));
        TriggerRequest body = x.body(TriggerRequest.class, false).validated();
        Clock clock = app().keygate().clock();
        Instant created = clock.instant().truncatedTo(ChronoUnit.MILLIS);
        String output = app().engine().run(workflow.getId(), body.humanMsg());
        Instant completed = clock.instant().truncatedTo(ChronoUnit.MILLIS);
        WorkflowInstanceEntity instance = new WorkflowInstanceEntity(newInstanceId(), workflow.getId(),
                caller.organizationId(), caller.isLive(), caller.keyId(), "completed", output, body.fileUrlCount(),
                created, completed);
        app().workflows().save(instance);
        x.respond(200, view(instance));
    }

    private String newInstanceId() {
        char[] out = new char[24];
        for (int i = 0; i < out.length; i++) {
            out[i] = ALPHABET.charAt(random.nextInt(ALPHABET.length()));
        }
        return INSTANCE_ID_PREFIX + new String(out);
    }

    static Map<String, Object> view(WorkflowEntity w) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("id", w.getId());
        out.put("name", w.getName());
        return out;
    }

    static Map<String, Object> view(WorkflowInstanceEntity i) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("workflow_instance_id", i.getId());
        out.put("workflow_id", i.getWorkflowId());
        out.put("status", i.getStatus());
        out.put("output", i.getOutput());
        out.put("livemode", i.isLivemode());
        out.put("created_at", i.getCreatedAt().toString());
        out.put("completed_at", i.getCompletedAt() == null ? null : i.getCompletedAt().toString());
        return out;
    }
}
