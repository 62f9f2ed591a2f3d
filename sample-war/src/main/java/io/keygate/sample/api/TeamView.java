package io.keygate.sample.api;

import io.keygate.store.Team;

/** A team of the admin API (contract §7.3). */
public record TeamView(String id, String name, String organizationId) {

    public static TeamView of(Team t) {
        return new TeamView(t.id(), t.name(), t.organizationId());
    }
}
