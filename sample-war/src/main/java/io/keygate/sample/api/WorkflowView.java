package io.keygate.sample.api;

import io.keygate.sample.workflow.WorkflowEntity;

/** A workflow as the API lists it. */
public record WorkflowView(String id, String name) {

    static WorkflowView of(WorkflowEntity w) {
        return new WorkflowView(w.getId(), w.getName());
    }
}
