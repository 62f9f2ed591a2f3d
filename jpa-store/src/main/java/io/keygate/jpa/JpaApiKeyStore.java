package io.keygate.jpa;

import io.keygate.keys.ApiKey;
import io.keygate.keys.KeyFormat;
import io.keygate.keys.Owner;
import io.keygate.store.AuditEvent;
import io.keygate.store.InactiveOwnerException;
import io.keygate.store.KeyQuery;
import io.keygate.store.ManagementStore;
import io.keygate.store.Page;
import io.keygate.store.RotationResult;
import jakarta.persistence.EntityManager;
import jakarta.persistence.EntityManagerFactory;
import jakarta.persistence.TypedQuery;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;

/**
 * The {@link ApiKeyStore} on a relational database through Jakarta Persistence (EclipseLink), for H2, PostgreSQL
 * and MariaDB. Create it once at application start and close it on undeploy:
 *
 * <pre>{@code
 * HikariDataSource pool = KeygateDataSources.pool(url, user, password);   // or a container DataSource from JNDI
 * KeygateMigrations.migrate(pool);                                       // schema, see KeygateMigrations
 * JpaApiKeyStore store = JpaApiKeyStore.create(pool);
 * ...
 * store.close();   // then pool.close()
 * }</pre>
 *
 * <p>A container-managed DataSource works the same way:
 * {@code JpaApiKeyStore.create((DataSource) new InitialContext().lookup("java:comp/env/jdbc/keygate"))}.
 *
 * <p><b>Failure behaviour.</b> Every database failure (connection refused, pool exhausted, statement timeout,
 * broken socket) surfaces as {@link io.keygate.store.StoreUnavailableException}; how quickly depends on the pool's
 * connection timeout and on {@link #DEFAULT_QUERY_TIMEOUT the statement timeout} given here. A unique violation
 * on insert is a {@link io.keygate.store.DuplicateKeyException}; a value the schema rejects (longer than its column,
 * say) an {@link IllegalArgumentException}.
 *
 * <p><b>Management.</b> It is a {@link ManagementStore}: {@link #serviceAccounts()}, {@link #teams()} and
 * {@link #auditLog()} live in the same database (migrations V2, V3), and every write that takes an
 * {@link AuditEvent} writes the event in the transaction of the change.
 *
 * <p><b>Thread safety.</b> The factory is shared; every call uses its own {@link EntityManager} (and so its own
 * pooled connection) and closes it before returning. The shared (second-level) cache is off: the table is the
 * single source of truth, so a revocation written by any node is seen by the next lookup of every node.
 */
public final class JpaApiKeyStore implements ManagementStore, AutoCloseable {

    /** Name of the persistence unit in this jar's {@code META-INF/persistence.xml}. */
    public static final String PERSISTENCE_UNIT = "keygate";
    /** Statement timeout applied to every query and update unless another is given. */
    public static final Duration DEFAULT_QUERY_TIMEOUT = Duration.ofSeconds(3);
    /** Last-used updates sent in one JDBC batch; larger maps are split into batches of this size. */
    public static final int LAST_USED_BATCH_SIZE = 1000;

    static final String LAST_USED_SQL = "UPDATE apikey SET last_used_at = ?, version = version + 1"
            + " WHERE id = ? AND (last_used_at IS NULL OR last_used_at < ?)";

    private final EntityManagerFactory factory;
    private final boolean ownsFactory;
    private final int queryTimeoutSeconds;
    private final JpaSupport jpa;
    private final JpaAuditLog auditLog;
    private final JpaServiceAccountStore serviceAccounts;
    private final JpaTeamStore teams;

    private JpaApiKeyStore(EntityManagerFactory factory, boolean ownsFactory, Duration queryTimeout) {
        this.factory = Objects.requireNonNull(factory, "factory cannot be null");
        this.ownsFactory = ownsFactory;
        this.queryTimeoutSeconds = JpaSupport.queryTimeoutSeconds(queryTimeout);
        this.jpa = new JpaSupport(factory, queryTimeoutSeconds);
        this.auditLog = new JpaAuditLog(jpa);
        this.serviceAccounts = new JpaServiceAccountStore(jpa, auditLog);
        this.teams = new JpaTeamStore(jpa);
    }

    /**
     * A store on {@code dataSource}; opens one connection now to tell H2, PostgreSQL and MariaDB apart.
     *
     * @throws io.keygate.store.StoreUnavailableException if the database cannot be reached to detect its type
     */
    public static JpaApiKeyStore create(DataSource dataSource) {
        Objects.requireNonNull(dataSource, "dataSource cannot be null");
        return create(dataSource, KeygateDatabase.of(dataSource), DEFAULT_QUERY_TIMEOUT);
    }

    /**
     * A store on {@code dataSource} for a known database; needs no connection to start, so an application can
     * deploy while its database is briefly away.
     *
     * @param queryTimeout statement timeout, whole seconds, 1 s .. 5 min
     */
    public static JpaApiKeyStore create(DataSource dataSource, KeygateDatabase database, Duration queryTimeout) {
        return new JpaApiKeyStore(JpaSupport.createFactory(dataSource, database, queryTimeout), true, queryTimeout);
    }

    /**
     * A store on a factory the application built (for example from its own persistence unit that lists
     * {@link ApiKeyEntity}, {@link ServiceAccountEntity}, {@link TeamEntity} and {@link AuditEventEntity}).
     * {@link #close()} leaves that factory open: it is the application's.
     */
    public static JpaApiKeyStore using(EntityManagerFactory factory, Duration queryTimeout) {
        return new JpaApiKeyStore(factory, false, queryTimeout);
    }

    /**
     * The properties {@link #create(DataSource, KeygateDatabase, Duration)} passes to
     * {@code Persistence.createEntityManagerFactory("keygate", ...)}: the DataSource as non-JTA data source, the
     * platform, the timeout, no retries, no DDL generation, no shared cache, no bind parameters in logs.
     */
    public static Map<String, Object> persistenceProperties(DataSource dataSource, KeygateDatabase database,
                                                            Duration queryTimeout) {
        Map<String, Object> p = new HashMap<>();
        p.put("jakarta.persistence.nonJtaDataSource", dataSource);
        p.put("jakarta.persistence.transactionType", "RESOURCE_LOCAL");
        // an empty user makes EclipseLink call getConnection() without credentials: pools own their credentials
        p.put("jakarta.persistence.jdbc.user", "");
        p.put("jakarta.persistence.jdbc.password", "");
        p.put("eclipselink.target-database", database.eclipseLinkPlatform());
        p.put("jakarta.persistence.query.timeout", String.valueOf(JpaSupport.queryTimeoutSeconds(queryTimeout) * 1000L));
        p.put("eclipselink.query.timeout.unit", "MILLISECONDS");
        p.put("eclipselink.ddl-generation", "none");
        p.put("jakarta.persistence.schema-generation.database.action", "none");
        p.put("eclipselink.cache.shared.default", "false");
        p.put("eclipselink.weaving", "false");
        p.put("eclipselink.session.customizer", FailFastSessionCustomizer.class.getName());
        p.put("eclipselink.logging.parameters", "false");
        p.put("eclipselink.classloader", JpaApiKeyStore.class.getClassLoader());
        return p;
    }

    // ---- reads ----

    /** One indexed query on {@code key_hash}; the digest found is compared again in constant time. */
    @Override
    public Optional<ApiKey> findByHash(String hash) {
        if (hash == null || hash.isEmpty()) {
            return Optional.empty();
        }
        return jpa.read("findByHash", em -> {
            List<ApiKeyEntity> rows = jpa.readOnly(em.createQuery(
                    "SELECT k FROM ApiKeyEntity k WHERE k.keyHash = :hash", ApiKeyEntity.class))
                    .setParameter("hash", hash)
                    .getResultList();
            if (rows.isEmpty() || !KeyFormat.digestsEqual(rows.get(0).keyHash(), hash)) {
                return Optional.empty();
            }
            return Optional.of(rows.get(0).toApiKey());
        });
    }

    @Override
    public Optional<ApiKey> findById(String id) {
        if (id == null || id.isEmpty()) {
            return Optional.empty();
        }
        return jpa.read("findById", em -> jpa.readOnly(em.createQuery(
                "SELECT k FROM ApiKeyEntity k WHERE k.id = :id", ApiKeyEntity.class))
                .setParameter("id", id)
                .getResultList().stream().findFirst().map(ApiKeyEntity::toApiKey));
    }

    /**
     * Two statements whatever the table size or page number: a {@code COUNT} and one page with
     * {@code ORDER BY created_at DESC, id ASC} and the database's {@code LIMIT/OFFSET}, every filter in the
     * {@code WHERE} clause. The name filter is {@code lower(name) LIKE '%needle%'} with {@code %}, {@code _} and the
     * escape character escaped; the status filter compares {@code revoked_at} and {@code expires_at} with the
     * query's {@code asOf}.
     */
    @Override
    public Page<ApiKey> search(KeyQuery query) {
        Objects.requireNonNull(query, "query cannot be null");
        List<String> conditions = new ArrayList<>();
        Map<String, Object> parameters = new HashMap<>();
        equal(conditions, parameters, "k.organizationId", "org", query.organizationId());
        if (query.nameContains() != null) {
            conditions.add("LOWER(k.name) LIKE :name ESCAPE '" + JpaSupport.LIKE_ESCAPE + "'");
            parameters.put("name", JpaSupport.containsPattern(query.nameContains().toLowerCase(Locale.ROOT)));
        }
        if (query.status() != null) {
            long now = (query.asOf() != null ? query.asOf() : Instant.now()).toEpochMilli();
            switch (query.status()) {
                case ACTIVE -> {
                    conditions.add("k.revokedAt IS NULL AND (k.expiresAt IS NULL OR k.expiresAt > :now)");
                    parameters.put("now", now);
                }
                case EXPIRED -> {
                    conditions.add("k.revokedAt IS NULL AND k.expiresAt <= :now");
                    parameters.put("now", now);
                }
                case REVOKED -> conditions.add("k.revokedAt IS NOT NULL");
            }
        }
        equal(conditions, parameters, "k.environment", "env",
                query.environment() == null ? null : query.environment().wireName());
        equal(conditions, parameters, "k.teamId", "team", query.teamId());
        equal(conditions, parameters, "k.ownerType", "ownerType",
                query.ownerType() == null ? null : query.ownerType().wireName());
        equal(conditions, parameters, "k.ownerId", "ownerId", query.ownerId());
        String where = conditions.isEmpty() ? "" : " WHERE " + String.join(" AND ", conditions);
        return jpa.read("search", em -> {
            TypedQuery<Long> count = jpa.timed(em.createQuery("SELECT COUNT(k) FROM ApiKeyEntity k" + where,
                    Long.class));
            parameters.forEach(count::setParameter);
            long total = count.getSingleResult();
            if (query.offset() >= total || query.offset() > Integer.MAX_VALUE) {
                return new Page<>(List.of(), query.page(), query.size(), total);
            }
            TypedQuery<ApiKeyEntity> page = jpa.readOnly(em.createQuery("SELECT k FROM ApiKeyEntity k" + where
                    + " ORDER BY k.createdAt DESC, k.id ASC", ApiKeyEntity.class));
            parameters.forEach(page::setParameter);
            List<ApiKey> items = page.setFirstResult((int) query.offset()).setMaxResults(query.size())
                    .getResultList().stream().map(ApiKeyEntity::toApiKey).toList();
            return new Page<>(items, query.page(), query.size(), total);
        });
    }

    private static void equal(List<String> conditions, Map<String, Object> parameters, String path, String name,
                              Object value) {
        if (value != null) {
            conditions.add(path + " = :" + name);
            parameters.put(name, value);
        }
    }

    /**
     * True when a trivial indexed query answers within the statement timeout; for health checks. Never throws
     * for a database failure.
     */
    public boolean isAvailable() {
        try {
            findById("key_health_probe");
            return true;
        } catch (io.keygate.store.StoreUnavailableException e) {
            return false;
        }
    }

    // ---- writes ----

    /**
     * One transaction: in a management write ({@code event} not null) of a key owned by a service account, first the
     * lock of the account's row (only while it is active in the key's organization, else
     * {@link InactiveOwnerException}); then the {@code INSERT} of the key and of the event.
     */
    @Override
    public void insert(ApiKey key, AuditEvent event) {
        Objects.requireNonNull(key, "key cannot be null");
        ApiKeyEntity row = ApiKeyEntity.from(key);
        jpa.write("insert", true, em -> {
            if (event != null && !ownerActive(em, key)) {
                throw inactiveOwner(key);
            }
            em.persist(row);
            em.flush();
            auditLog.insert(em, event);
            return null;
        });
    }

    /** One conditional {@code UPDATE ... WHERE id = ? AND revoked_at IS NULL}, and the event, in one transaction. */
    @Override
    public boolean revoke(String id, Instant revokedAt, AuditEvent event) {
        Objects.requireNonNull(revokedAt, "revokedAt cannot be null");
        if (id == null || id.isEmpty()) {
            return false;
        }
        return jpa.write("revoke", false, em -> {
            boolean changed = timedRevoke(em, id, revokedAt.toEpochMilli()) == 1;
            auditLog.insert(em, event);
            return changed;
        });
    }

    private int timedRevoke(EntityManager em, String id, long at) {
        return jpa.timed(em.createQuery("UPDATE ApiKeyEntity k SET k.revokedAt = :at, k.version = k.version + 1"
                        + " WHERE k.id = :id AND k.revokedAt IS NULL"))
                .setParameter("at", at)
                .setParameter("id", id)
                .executeUpdate();
    }

    /**
     * One transaction: (in a management write of a service account's key, the lock of the account's row, so the
     * order of locks is account, then key, as in a disable); the conditional update of the old row, which sets
     * {@code replaced_by_id} and {@code revoked_at} or {@code expires_at} only while the key is neither revoked,
     * expired nor replaced (it also locks the row: of concurrent rotations exactly one updates it); then the
     * {@code INSERT} of the replacement and of the event. Nothing is written unless the result is
     * {@code ROTATED}; a duplicate replacement rolls everything back.
     */
    @Override
    public RotationResult rotate(ApiKey replacement, String oldId, Instant oldRevokedAt, Instant oldExpiresAt,
                                 AuditEvent event) {
        Objects.requireNonNull(replacement, "replacement cannot be null");
        Objects.requireNonNull(oldId, "oldId cannot be null");
        if ((oldRevokedAt == null) == (oldExpiresAt == null)) {
            throw new IllegalArgumentException("exactly one of oldRevokedAt and oldExpiresAt must be given");
        }
        ApiKeyEntity row = ApiKeyEntity.from(replacement);
        String set = oldRevokedAt != null ? "k.revokedAt = :at" : "k.expiresAt = :at";
        long at = (oldRevokedAt != null ? oldRevokedAt : oldExpiresAt).toEpochMilli();
        return jpa.write("rotate", true, em -> {
            boolean ownerActive = event == null || ownerActive(em, replacement);
            int updated = jpa.timed(em.createQuery("UPDATE ApiKeyEntity k SET " + set + ", k.replacedById = :next,"
                            + " k.version = k.version + 1 WHERE k.id = :id AND k.revokedAt IS NULL"
                            + " AND k.replacedById IS NULL AND (k.expiresAt IS NULL OR k.expiresAt > :now)"))
                    .setParameter("at", at)
                    .setParameter("next", replacement.id())
                    .setParameter("id", oldId)
                    .setParameter("now", replacement.createdAt().toEpochMilli())
                    .executeUpdate();
            if (updated != 1) {
                em.getTransaction().setRollbackOnly();
                return whyNotRotated(em, oldId);
            }
            if (!ownerActive) {
                throw inactiveOwner(replacement);
            }
            em.persist(row);
            em.flush();
            auditLog.insert(em, event);
            return RotationResult.ROTATED;
        });
    }

    private RotationResult whyNotRotated(EntityManager em, String oldId) {
        // not read-only: inside the transaction (EclipseLink runs read-only queries outside it)
        List<ApiKeyEntity> rows = jpa.timed(em.createQuery("SELECT k FROM ApiKeyEntity k WHERE k.id = :id",
                ApiKeyEntity.class)).setParameter("id", oldId).getResultList();
        if (rows.isEmpty()) {
            return RotationResult.NOT_FOUND;
        }
        return rows.get(0).replacedById() != null ? RotationResult.ALREADY_ROTATED : RotationResult.NOT_ACTIVE;
    }

    /** True for keys not owned by a service account; else locks the account row and checks it is active there. */
    private boolean ownerActive(EntityManager em, ApiKey key) {
        return key.owner().type() != Owner.Type.SERVICE_ACCOUNT
                || serviceAccounts.lockActive(em, key.owner().id(), key.organizationId());
    }

    private static InactiveOwnerException inactiveOwner(ApiKey key) {
        return new InactiveOwnerException("service account " + key.owner().id()
                + " is not an active service account of organization " + key.organizationId());
    }

    /**
     * One JDBC batch of {@value #LAST_USED_SQL} per {@value #LAST_USED_BATCH_SIZE} keys, in one transaction, with
     * the statement timeout. Ids are sorted first so that two nodes flushing overlapping keys lock rows in the same
     * order and cannot deadlock. Unknown ids match no row; an older time matches no row (never moves backwards).
     */
    @Override
    public void recordLastUsed(Map<String, Instant> lastUsedById) {
        Objects.requireNonNull(lastUsedById, "lastUsedById cannot be null");
        if (lastUsedById.isEmpty()) {
            return;
        }
        TreeMap<String, Instant> sorted = new TreeMap<>(lastUsedById);
        jpa.write("recordLastUsed", false, em -> {
            Connection connection = JpaSupport.connection(em);
            try (PreparedStatement update = connection.prepareStatement(LAST_USED_SQL)) {
                update.setQueryTimeout(queryTimeoutSeconds);
                List<Map.Entry<String, Instant>> entries = new ArrayList<>(sorted.entrySet());
                for (int from = 0; from < entries.size(); from += LAST_USED_BATCH_SIZE) {
                    for (Map.Entry<String, Instant> e : entries.subList(from,
                            Math.min(entries.size(), from + LAST_USED_BATCH_SIZE))) {
                        long at = e.getValue().toEpochMilli();
                        update.setLong(1, at);
                        update.setString(2, e.getKey());
                        update.setLong(3, at);
                        update.addBatch();
                    }
                    update.executeBatch();
                }
            } catch (SQLException e) {
                throw new JpaSupport.JdbcFailure(e);
            }
            return null;
        });
    }

    @Override
    public JpaServiceAccountStore serviceAccounts() {
        return serviceAccounts;
    }

    @Override
    public JpaTeamStore teams() {
        return teams;
    }

    @Override
    public JpaAuditLog auditLog() {
        return auditLog;
    }

    /** Closes the entity manager factory if this store created it. The DataSource stays the caller's to close. */
    @Override
    public void close() {
        if (ownsFactory && factory.isOpen()) {
            factory.close();
        }
    }

    // ---- plumbing ----

    static String escapeLike(String text) {
        return JpaSupport.escapeLike(text);
    }
}
