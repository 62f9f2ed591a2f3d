package io.keygate.jpa;

import io.keygate.keys.ApiKey;
import io.keygate.keys.Owner;
import io.keygate.store.AuditEvent;
import io.keygate.store.Page;
import io.keygate.store.ServiceAccount;
import io.keygate.store.ServiceAccountQuery;
import io.keygate.store.ServiceAccountStore;
import jakarta.persistence.EntityManager;
import jakarta.persistence.TypedQuery;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Service accounts in table {@code service_account} (migration V2), from {@link JpaApiKeyStore#serviceAccounts()}.
 *
 * <p>{@link #disable} is one transaction: it locks the account row (an update of its version), marks it disabled,
 * revokes every key it owns with one {@code UPDATE apikey ... WHERE owner_type = 'service_account' AND owner_id = ?
 * AND revoked_at IS NULL}, reads back the keys it revoked (for the caller to evict from caches) and appends the event.
 * Management writes of keys owned by the account lock the same row first ({@link JpaApiKeyStore}), so a key is
 * either created before the disable (and revoked by it) or refused after it; both take the account row before any
 * key row, so they cannot deadlock.
 */
public final class JpaServiceAccountStore implements ServiceAccountStore {

    static final String SERVICE_ACCOUNT = Owner.Type.SERVICE_ACCOUNT.wireName();

    private final JpaSupport jpa;
    private final JpaAuditLog audit;

    JpaServiceAccountStore(JpaSupport jpa, JpaAuditLog audit) {
        this.jpa = jpa;
        this.audit = audit;
    }

    @Override
    public void insert(ServiceAccount account, AuditEvent event) {
        Objects.requireNonNull(account, "account cannot be null");
        ServiceAccountEntity row = ServiceAccountEntity.from(account);
        jpa.write("insertServiceAccount", true, em -> {
            em.persist(row);
            em.flush();
            audit.insert(em, event);
            return null;
        });
    }

    @Override
    public Optional<ServiceAccount> findById(String id) {
        if (id == null || id.isEmpty()) {
            return Optional.empty();
        }
        return jpa.read("findServiceAccount", em -> find(em, id));
    }

    private Optional<ServiceAccount> find(EntityManager em, String id) {
        return find(jpa.readOnly(em.createQuery("SELECT s FROM ServiceAccountEntity s WHERE s.id = :id",
                ServiceAccountEntity.class)), id);
    }

    private static Optional<ServiceAccount> find(TypedQuery<ServiceAccountEntity> query, String id) {
        return query.setParameter("id", id).getResultList().stream().findFirst().map(ServiceAccountEntity::toAccount);
    }

    /** Two statements: a {@code COUNT} and one page, newest first, every filter in SQL. */
    @Override
    public Page<ServiceAccount> search(ServiceAccountQuery query) {
        Objects.requireNonNull(query, "query cannot be null");
        List<String> conditions = new ArrayList<>();
        Map<String, Object> parameters = new HashMap<>();
        if (query.organizationId() != null) {
            conditions.add("s.organizationId = :org");
            parameters.put("org", query.organizationId());
        }
        if (query.nameContains() != null) {
            conditions.add("LOWER(s.name) LIKE :name ESCAPE '" + JpaSupport.LIKE_ESCAPE + "'");
            parameters.put("name", JpaSupport.containsPattern(query.nameContains().toLowerCase(Locale.ROOT)));
        }
        if (query.status() != null) {
            conditions.add(query.status() == ServiceAccount.Status.ACTIVE ? "s.disabledAt IS NULL"
                    : "s.disabledAt IS NOT NULL");
        }
        String where = conditions.isEmpty() ? "" : " WHERE " + String.join(" AND ", conditions);
        return jpa.read("searchServiceAccounts", em -> {
            TypedQuery<Long> count = jpa.timed(em.createQuery("SELECT COUNT(s) FROM ServiceAccountEntity s" + where,
                    Long.class));
            parameters.forEach(count::setParameter);
            long total = count.getSingleResult();
            if (query.offset() >= total || query.offset() > Integer.MAX_VALUE) {
                return new Page<>(List.of(), query.page(), query.size(), total);
            }
            TypedQuery<ServiceAccountEntity> page = jpa.readOnly(em.createQuery("SELECT s FROM ServiceAccountEntity s"
                    + where + " ORDER BY s.createdAt DESC, s.id ASC", ServiceAccountEntity.class));
            parameters.forEach(page::setParameter);
            List<ServiceAccount> items = page.setFirstResult((int) query.offset()).setMaxResults(query.size())
                    .getResultList().stream().map(ServiceAccountEntity::toAccount).toList();
            return new Page<>(items, query.page(), query.size(), total);
        });
    }

    @Override
    public Optional<Disabled> disable(String id, Instant at, AuditEvent event) {
        Objects.requireNonNull(at, "at cannot be null");
        if (id == null || id.isEmpty()) {
            return Optional.empty();
        }
        long millis = at.toEpochMilli();
        return jpa.write("disableServiceAccount", false, em -> {
            // the lock first: key writes guarded on this account wait for this transaction. Reads below are not
            // read-only queries: EclipseLink runs those outside the transaction, where its updates are not visible
            if (lock(em, id) != 1) {
                em.getTransaction().setRollbackOnly();
                return Optional.empty();
            }
            jpa.timed(em.createQuery("UPDATE ServiceAccountEntity s SET s.disabledAt = :at"
                            + " WHERE s.id = :id AND s.disabledAt IS NULL"))
                    .setParameter("at", millis).setParameter("id", id).executeUpdate();
            int revoked = jpa.timed(em.createQuery("UPDATE ApiKeyEntity k SET k.revokedAt = :at,"
                            + " k.version = k.version + 1 WHERE k.ownerType = :type AND k.ownerId = :id"
                            + " AND k.revokedAt IS NULL"))
                    .setParameter("at", millis).setParameter("type", SERVICE_ACCOUNT).setParameter("id", id)
                    .executeUpdate();
            List<ApiKey> keys = revoked == 0 ? List.of() : jpa.timed(em.createQuery("SELECT k FROM ApiKeyEntity k"
                            + " WHERE k.ownerType = :type AND k.ownerId = :id AND k.revokedAt = :at",
                            ApiKeyEntity.class))
                    .setParameter("type", SERVICE_ACCOUNT).setParameter("id", id).setParameter("at", millis)
                    .getResultList().stream().map(ApiKeyEntity::toApiKey).toList();
            ServiceAccount account = find(jpa.timed(em.createQuery(
                    "SELECT s FROM ServiceAccountEntity s WHERE s.id = :id", ServiceAccountEntity.class)), id)
                    .orElseThrow();
            audit.insert(em, event);
            return Optional.of(new Disabled(account, keys));
        });
    }

    @Override
    public boolean enable(String id) {
        if (id == null || id.isEmpty()) {
            return false;
        }
        return jpa.write("enableServiceAccount", false, em -> jpa.timed(em.createQuery(
                        "UPDATE ServiceAccountEntity s SET s.disabledAt = NULL, s.version = s.version + 1"
                                + " WHERE s.id = :id AND s.disabledAt IS NOT NULL"))
                .setParameter("id", id).executeUpdate() == 1);
    }

    /** Locks the account's row for the rest of the transaction; 1 if it exists. */
    private int lock(EntityManager em, String id) {
        return jpa.timed(em.createQuery("UPDATE ServiceAccountEntity s SET s.version = s.version + 1"
                        + " WHERE s.id = :id"))
                .setParameter("id", id).executeUpdate();
    }

    /**
     * In a key write: locks the account's row and tells whether it is an active account of {@code organizationId}.
     * Holding the lock to the end of the transaction serializes the write with {@link #disable}.
     */
    boolean lockActive(EntityManager em, String id, String organizationId) {
        return jpa.timed(em.createQuery("UPDATE ServiceAccountEntity s SET s.version = s.version + 1"
                        + " WHERE s.id = :id AND s.organizationId = :org AND s.disabledAt IS NULL"))
                .setParameter("id", id).setParameter("org", organizationId).executeUpdate() == 1;
    }
}
