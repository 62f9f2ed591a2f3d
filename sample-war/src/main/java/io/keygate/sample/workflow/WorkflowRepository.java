package io.keygate.sample.workflow;

import jakarta.persistence.EntityManager;
import jakarta.persistence.EntityManagerFactory;
import jakarta.persistence.EntityTransaction;

import io.keygate.store.StoreUnavailableException;

import java.sql.SQLException;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * Workflows and their instances through JPA. Every method uses its own short-lived {@link EntityManager}, so the
 * repository is safe to share between request threads. Database failures surface as
 * {@link StoreUnavailableException} (EclipseLink reports them as {@code PersistenceException} from queries but as
 * its own {@code DatabaseException} from {@code find}); the API answers them with 503.
 */
public final class WorkflowRepository {

    private final EntityManagerFactory emf;

    public WorkflowRepository(EntityManagerFactory emf) {
        this.emf = Objects.requireNonNull(emf, "emf cannot be null");
    }

    /** The organization's workflows, ordered by id. */
    public List<WorkflowEntity> listWorkflows(String organizationId) {
        return translated(() -> listWorkflowsNow(organizationId));
    }

    private List<WorkflowEntity> listWorkflowsNow(String organizationId) {
        try (Session s = new Session(emf)) {
            return s.em.createQuery("SELECT w FROM WorkflowEntity w WHERE w.organizationId = :org ORDER BY w.id",
                            WorkflowEntity.class)
                    .setParameter("org", organizationId)
                    .getResultList();
        }
    }

    /** The workflow if it exists and belongs to the organization. */
    public Optional<WorkflowEntity> findWorkflow(String organizationId, String workflowId) {
        return translated(() -> findWorkflowNow(organizationId, workflowId));
    }

    private Optional<WorkflowEntity> findWorkflowNow(String organizationId, String workflowId) {
        try (Session s = new Session(emf)) {
            WorkflowEntity w = s.em.find(WorkflowEntity.class, workflowId);
            return w != null && w.getOrganizationId().equals(organizationId) ? Optional.of(w) : Optional.empty();
        }
    }

    public Optional<WorkflowInstanceEntity> findInstance(String instanceId) {
        return translated(() -> {
            try (Session s = new Session(emf)) {
                return Optional.ofNullable(s.em.find(WorkflowInstanceEntity.class, instanceId));
            }
        });
    }

    /** The workflow's newest {@code limit} instances of one environment, newest first (ties by id). */
    public List<WorkflowInstanceEntity> latestInstances(String organizationId, String workflowId, boolean livemode,
                                                        int limit) {
        return translated(() -> {
            try (Session s = new Session(emf)) {
                return s.em.createQuery("SELECT i FROM WorkflowInstanceEntity i WHERE i.organizationId = :org"
                                + " AND i.workflowId = :workflow AND i.livemode = :live"
                                + " ORDER BY i.createdAtMs DESC, i.id", WorkflowInstanceEntity.class)
                        .setParameter("org", organizationId)
                        .setParameter("workflow", workflowId)
                        .setParameter("live", livemode)
                        .setMaxResults(limit)
                        .getResultList();
            }
        });
    }

    public void save(WorkflowInstanceEntity instance) {
        translated(() -> {
            saveNow(instance);
            return null;
        });
    }

    private void saveNow(WorkflowInstanceEntity instance) {
        try (Session s = new Session(emf)) {
            EntityTransaction tx = s.em.getTransaction();
            tx.begin();
            try {
                s.em.persist(instance);
                tx.commit();
            } finally {
                if (tx.isActive()) {
                    tx.rollback();
                }
            }
        }
    }

    /** Runs a database call; a failure caused by JDBC becomes {@link StoreUnavailableException}. */
    private static <T> T translated(Supplier<T> call) {
        try {
            return call.get();
        } catch (RuntimeException e) {
            for (Throwable t = e; t != null; t = t.getCause()) {
                if (t instanceof SQLException) {
                    throw new StoreUnavailableException("workflow database unavailable: " + t.getClass().getSimpleName()
                            + " (SQLState " + ((SQLException) t).getSQLState() + ")", e);
                }
            }
            throw e;
        }
    }

    /** JPA 3.1's EntityManager is not AutoCloseable; this makes try-with-resources close it. */
    private static final class Session implements AutoCloseable {
        final EntityManager em;

        Session(EntityManagerFactory emf) {
            this.em = emf.createEntityManager();
        }

        @Override
        public void close() {
            em.close();
        }
    }
}
