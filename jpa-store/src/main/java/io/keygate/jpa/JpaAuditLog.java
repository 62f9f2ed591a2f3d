package io.keygate.jpa;

import io.keygate.store.AuditEvent;
import io.keygate.store.AuditLog;
import io.keygate.store.AuditQuery;
import io.keygate.store.Page;
import jakarta.persistence.TypedQuery;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The audit log in table {@code audit_event} (migration V3), from {@link JpaApiKeyStore#auditLog()}. Append-only:
 * there is no update or delete of this table anywhere in keygate. Key, service-account and plan changes write their
 * event in their own transaction; {@link #append(AuditEvent)} writes one alone.
 *
 * <p>An application that changes its own tables in the same database (the sample's organization directory changes
 * plans) writes the event in its transaction with {@link #append(Connection, AuditEvent)}, so there is no change
 * without its event.
 *
 * <p>{@link #search} is two statements whatever the table size or page: a {@code COUNT} and one page,
 * {@code ORDER BY occurred_at DESC, id ASC} with the database's {@code LIMIT/OFFSET}, every filter in the
 * {@code WHERE} clause (indexes: by time, by organization and time, by target, by actor key).
 */
public final class JpaAuditLog implements AuditLog {

    private final JpaSupport jpa;

    JpaAuditLog(JpaSupport jpa) {
        this.jpa = jpa;
    }

    /**
     * Appends {@code event} on {@code connection}, inside whatever transaction the caller has open there (it commits
     * or rolls back with the caller's change). The table must exist (run {@link KeygateMigrations} on that database).
     *
     * @throws SQLException as the driver reports it; a field longer than its column is SQLState 22001
     */
    public static void append(Connection connection, AuditEvent event) throws SQLException {
        Objects.requireNonNull(connection, "connection cannot be null");
        AuditRows.insert(connection, Objects.requireNonNull(event, "event cannot be null"),
                (int) JpaApiKeyStore.DEFAULT_QUERY_TIMEOUT.toSeconds());
    }

    @Override
    public void append(AuditEvent event) {
        Objects.requireNonNull(event, "event cannot be null");
        jpa.write("appendAuditEvent", true, em -> {
            insert(em, event);
            return null;
        });
    }

    /** Inside a store's write: the event on the transaction's connection. */
    void insert(jakarta.persistence.EntityManager em, AuditEvent event) {
        if (event == null) {
            return;
        }
        try {
            AuditRows.insert(JpaSupport.connection(em), event, jpa.queryTimeoutSeconds);
        } catch (SQLException e) {
            throw new JpaSupport.JdbcFailure(e);
        }
    }

    @Override
    public Page<AuditEvent> search(AuditQuery query) {
        Objects.requireNonNull(query, "query cannot be null");
        List<String> conditions = new ArrayList<>();
        Map<String, Object> parameters = new HashMap<>();
        condition(conditions, parameters, "e.organizationId", "org", query.organizationId());
        condition(conditions, parameters, "e.action", "action",
                query.action() == null ? null : query.action().wireName());
        condition(conditions, parameters, "e.targetId", "target", query.targetId());
        condition(conditions, parameters, "e.actorKeyId", "actor", query.actorKeyId());
        condition(conditions, parameters, "e.outcome", "outcome",
                query.outcome() == null ? null : query.outcome().wireName());
        String where = conditions.isEmpty() ? "" : " WHERE " + String.join(" AND ", conditions);
        return jpa.read("searchAudit", em -> {
            TypedQuery<Long> count = jpa.timed(em.createQuery("SELECT COUNT(e) FROM AuditEventEntity e" + where,
                    Long.class));
            parameters.forEach(count::setParameter);
            long total = count.getSingleResult();
            if (query.offset() >= total || query.offset() > Integer.MAX_VALUE) {
                return new Page<>(List.of(), query.page(), query.size(), total);
            }
            TypedQuery<AuditEventEntity> page = jpa.readOnly(em.createQuery("SELECT e FROM AuditEventEntity e"
                    + where + " ORDER BY e.occurredAt DESC, e.id ASC", AuditEventEntity.class));
            parameters.forEach(page::setParameter);
            List<AuditEvent> items = page.setFirstResult((int) query.offset()).setMaxResults(query.size())
                    .getResultList().stream().map(AuditEventEntity::toEvent).toList();
            return new Page<>(items, query.page(), query.size(), total);
        });
    }

    private static void condition(List<String> conditions, Map<String, Object> parameters, String path, String name,
                                  Object value) {
        if (value != null) {
            conditions.add(path + " = :" + name);
            parameters.put(name, value);
        }
    }
}
