package io.keygate.jpa;

import io.keygate.store.DuplicateKeyException;
import io.keygate.store.Team;
import io.keygate.store.TeamStore;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/** Teams in table {@code team} (migration V2), from {@link JpaApiKeyStore#teams()}. */
public final class JpaTeamStore implements TeamStore {

    private final JpaSupport jpa;

    JpaTeamStore(JpaSupport jpa) {
        this.jpa = jpa;
    }

    @Override
    public Optional<Team> findById(String id) {
        if (id == null || id.isEmpty()) {
            return Optional.empty();
        }
        return jpa.read("findTeam", em -> jpa.readOnly(em.createQuery(
                        "SELECT t FROM TeamEntity t WHERE t.id = :id", TeamEntity.class))
                .setParameter("id", id)
                .getResultList().stream().findFirst().map(TeamEntity::toTeam));
    }

    @Override
    public List<Team> list(String organizationId) {
        String where = organizationId == null ? "" : " WHERE t.organizationId = :org";
        return jpa.read("listTeams", em -> {
            var query = jpa.readOnly(em.createQuery("SELECT t FROM TeamEntity t" + where + " ORDER BY t.id",
                    TeamEntity.class));
            if (organizationId != null) {
                query.setParameter("org", organizationId);
            }
            return query.getResultList().stream().map(TeamEntity::toTeam).toList();
        });
    }

    /** Inserts or renames; two nodes seeding the same team at once both succeed. */
    @Override
    public void save(Team team) {
        Objects.requireNonNull(team, "team cannot be null");
        try {
            upsert(team);
        } catch (DuplicateKeyException raced) {
            upsert(team);
        }
    }

    private void upsert(Team team) {
        jpa.write("saveTeam", true, em -> {
            TeamEntity existing = em.find(TeamEntity.class, team.id());
            if (existing == null) {
                em.persist(TeamEntity.from(team));
                em.flush();
            } else if (!existing.organizationId().equals(team.organizationId())) {
                throw new IllegalArgumentException("team " + team.id() + " belongs to another organization");
            } else {
                existing.rename(team.name());
            }
            return null;
        });
    }
}
