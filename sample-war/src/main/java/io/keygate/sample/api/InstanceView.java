package io.keygate.sample.api;

import io.keygate.sample.workflow.WorkflowInstanceEntity;

import java.time.Instant;

/** One run of a workflow, as the trigger, status and history answers show it. */
public record InstanceView(String workflowInstanceId, String workflowId, String status, String output,
                           boolean livemode, Instant createdAt, Instant completedAt) {

    static InstanceView of(WorkflowInstanceEntity i) {
        return new InstanceView(i.getId(), i.getWorkflowId(), i.getStatus(), i.getOutput(), i.isLivemode(),
                i.getCreatedAt(), i.getCompletedAt());
    }
}
