package io.keygate.sample.workflow;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import java.time.Instant;

/**
 * One run of a workflow. {@code livemode} records the environment of the key that triggered it: live instances
 * are visible only to live keys, test instances only to test keys. Times are epoch milliseconds (see the
 * migration), exposed as {@link Instant}s.
 */
@Entity
@Table(name = "sample_workflow_instance")
public class WorkflowInstanceEntity {

    @Id
    @Column(name = "id", length = 64)
    private String id;

    @Column(name = "workflow_id", length = 64, nullable = false)
    private String workflowId;

    @Column(name = "organization_id", length = 64, nullable = false)
    private String organizationId;

    @Column(name = "livemode", nullable = false)
    private boolean livemode;

    @Column(name = "key_id", length = 64, nullable = false)
    private String keyId;

    @Column(name = "status", length = 16, nullable = false)
    private String status;

    @Column(name = "output_text")
    private String output;

    @Column(name = "file_url_count", nullable = false)
    private int fileUrlCount;

    @Column(name = "created_at_ms", nullable = false)
    private long createdAtMs;

    @Column(name = "completed_at_ms")
    private Long completedAtMs;

    protected WorkflowInstanceEntity() {
    }

    public WorkflowInstanceEntity(String id, String workflowId, String organizationId, boolean livemode, String keyId,
                                  String status, String output, int fileUrlCount, Instant createdAt,
                                  Instant completedAt) {
        this.id = id;
        this.workflowId = workflowId;
        this.organizationId = organizationId;
        this.livemode = livemode;
        this.keyId = keyId;
        this.status = status;
        this.output = output;
        this.fileUrlCount = fileUrlCount;
        this.createdAtMs = createdAt.toEpochMilli();
        this.completedAtMs = completedAt == null ? null : completedAt.toEpochMilli();
    }

    public String getId() {
        return id;
    }

    public String getWorkflowId() {
        return workflowId;
    }

    public String getOrganizationId() {
        return organizationId;
    }

    public boolean isLivemode() {
        return livemode;
    }

    public String getKeyId() {
        return keyId;
    }

    public String getStatus() {
        return status;
    }

    public String getOutput() {
        return output;
    }

    public int getFileUrlCount() {
        return fileUrlCount;
    }

    public Instant getCreatedAt() {
        return Instant.ofEpochMilli(createdAtMs);
    }

    public Instant getCompletedAt() {
        return completedAtMs == null ? null : Instant.ofEpochMilli(completedAtMs);
    }
}
