package io.keygate.jpa;

import io.keygate.store.Team;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

/** Row of table {@code team}. Internal to {@link JpaTeamStore}. */
@Entity(name = "TeamEntity")
@Table(name = "team")
public class TeamEntity {

    @Id
    @Column(name = "id", length = 64, nullable = false, updatable = false)
    private String id;

    @Column(name = "name", length = 256, nullable = false)
    private String name;

    @Column(name = "organization_id", length = 64, nullable = false, updatable = false)
    private String organizationId;

    /** For the persistence provider. */
    protected TeamEntity() {
    }

    static TeamEntity from(Team team) {
        TeamEntity e = new TeamEntity();
        e.id = team.id();
        e.name = team.name();
        e.organizationId = team.organizationId();
        return e;
    }

    Team toTeam() {
        return new Team(id, name, organizationId);
    }

    String organizationId() {
        return organizationId;
    }

    void rename(String newName) {
        this.name = newName;
    }
}
