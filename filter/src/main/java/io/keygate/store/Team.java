package io.keygate.store;

import java.util.Objects;

/**
 * A team of an organization (contract §7.3). Keys and service accounts may name one of their organization's teams.
 *
 * @param id             unique across organizations
 * @param name           display name, 1..128 characters
 * @param organizationId the organization it belongs to
 */
public record Team(String id, String name, String organizationId) {
    public Team {
        Objects.requireNonNull(id, "id cannot be null");
        Objects.requireNonNull(name, "name cannot be null");
        Objects.requireNonNull(organizationId, "organizationId cannot be null");
    }
}
