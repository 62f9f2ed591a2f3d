package io.keygate.jpa;

import io.keygate.store.ServiceAccount;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import jakarta.persistence.Version;

import java.time.Instant;

/** Row of table {@code service_account}. Internal to {@link JpaServiceAccountStore}. Times are epoch milliseconds. */
@Entity(name = "ServiceAccountEntity")
@Table(name = "service_account")
public class ServiceAccountEntity {

    @Id
    @Column(name = "id", length = 64, nullable = false, updatable = false)
    private String id;

    @Column(name = "name", length = 256, nullable = false)
    private String name;

    @Column(name = "organization_id", length = 64, nullable = false, updatable = false)
    private String organizationId;

    @Column(name = "team_id", length = 64)
    private String teamId;

    @Column(name = "created_at", nullable = false, updatable = false)
    private long createdAt;

    @Column(name = "disabled_at")
    private Long disabledAt;

    @Version
    @Column(name = "version", nullable = false)
    private long version;

    /** For the persistence provider. */
    protected ServiceAccountEntity() {
    }

    static ServiceAccountEntity from(ServiceAccount account) {
        ServiceAccountEntity e = new ServiceAccountEntity();
        e.id = account.id();
        e.name = account.name();
        e.organizationId = account.organizationId();
        e.teamId = account.teamId();
        e.createdAt = account.createdAt().toEpochMilli();
        e.disabledAt = account.disabledAt() == null ? null : account.disabledAt().toEpochMilli();
        return e;
    }

    ServiceAccount toAccount() {
        return new ServiceAccount(id, name, organizationId, teamId, Instant.ofEpochMilli(createdAt),
                disabledAt == null ? null : Instant.ofEpochMilli(disabledAt));
    }
}
