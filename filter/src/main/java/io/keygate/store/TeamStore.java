package io.keygate.store;

import java.util.List;
import java.util.Optional;

/**
 * SPI: the teams of every organization. Read on each key or account management call (never on the request path).
 * Thread-safe; every method may throw {@link StoreUnavailableException}.
 */
public interface TeamStore {

    Optional<Team> findById(String id);

    /** The teams of one organization (or of all when null), by id. Organizations have few teams. */
    List<Team> list(String organizationId);

    /**
     * Inserts the team, or updates its name when a team with that id exists in the same organization (seeding is
     * idempotent).
     *
     * @throws IllegalArgumentException if the id belongs to a team of another organization
     */
    void save(Team team);
}
