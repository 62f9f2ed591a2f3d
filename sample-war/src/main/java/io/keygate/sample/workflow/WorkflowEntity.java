package io.keygate.sample.workflow;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

/** A workflow an organization can trigger. Seeded; read-only for the API. */
@Entity
@Table(name = "sample_workflow")
public class WorkflowEntity {

    @Id
    @Column(name = "id", length = 64)
    private String id;

    @Column(name = "organization_id", length = 64, nullable = false)
    private String organizationId;

    @Column(name = "name", length = 128, nullable = false)
    private String name;

    /** The team (of keygate's team table) the workflow belongs to, or null: a key of a team uses only its own. */
    @Column(name = "team_id", length = 64)
    private String teamId;

    protected WorkflowEntity() {
    }

    public String getId() {
        return id;
    }

    public String getOrganizationId() {
        return organizationId;
    }

    public String getName() {
        return name;
    }

    public String getTeamId() {
        return teamId;
    }
}
