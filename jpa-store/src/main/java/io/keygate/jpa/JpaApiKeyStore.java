package io.keygate.jpa;

import io.keygate.keys.ApiKey;
import io.keygate.keys.KeyFormat;
import io.keygate.store.ApiKeyStore;
import io.keygate.store.KeyQuery;
import io.keygate.store.Page;
import jakarta.persistence.EntityManager;
import jakarta.persistence.EntityManagerFactory;
import jakarta.persistence.EntityTransaction;
import jakarta.persistence.Persistence;
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
import java.util.function.Function;

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
 * <p><b>Thread safety.</b> The factory is shared; every call uses its own {@link EntityManager} (and so its own
 * pooled connection) and closes it before returning. The shared (second-level) cache is off: the table is the
 * single source of truth, so a revocation written by any node is seen by the next lookup of every node.
 */
public final class JpaApiKeyStore implements ApiKeyStore, AutoCloseable {

    /** Name of the persistence unit in this jar's {@code META-INF/persistence.xml}. */
    public static final String PERSISTENCE_UNIT = "keygate";
    /** Statement timeout applied to every query and update unless another is given. */
    public static final Duration DEFAULT_QUERY_TIMEOUT = Duration.ofSeconds(3);
    /** Last-used updates sent in one JDBC batch; larger maps are split into batches of this size. */
    public static final int LAST_USED_BATCH_SIZE = 1000;

    static final String LAST_USED_SQL = "UPDATE apikey SET last_used_at = ?, version = version + 1"
            + " WHERE id = ? AND (last_used_at IS NULL OR last_used_at < ?)";
    private static final String TIMEOUT_HINT = "jakarta.persistence.query.timeout";
    private static final char LIKE_ESCAPE = '!';

    private final EntityManagerFactory factory;
    private final boolean ownsFactory;
    private final int queryTimeoutSeconds;

    private JpaApiKeyStore(EntityManagerFactory factory, boolean ownsFactory, Duration queryTimeout) {
        this.factory = Objects.requireNonNull(factory, "factory cannot be null");
        this.ownsFactory = ownsFactory;
        this.queryTimeoutSeconds = timeoutSeconds(queryTimeout);
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
        Objects.requireNonNull(dataSource, "dataSource cannot be null");
        Objects.requireNonNull(database, "database cannot be null");
        timeoutSeconds(queryTimeout);
        // the unit and the provider are found through the context class loader: make it this jar's, so creation
        // also works from threads a container or a framework started with another loader
        Thread thread = Thread.currentThread();
        ClassLoader previous = thread.getContextClassLoader();
        thread.setContextClassLoader(JpaApiKeyStore.class.getClassLoader());
        try {
            EntityManagerFactory factory = Persistence.createEntityManagerFactory(PERSISTENCE_UNIT,
                    persistenceProperties(dataSource, database, queryTimeout));
            return new JpaApiKeyStore(factory, true, queryTimeout);
        } finally {
            thread.setContextClassLoader(previous);
        }
    }

    /**
     * A store on a factory the application built (for example from its own persistence unit that lists
     * {@link ApiKeyEntity}). {@link #close()} leaves that factory open: it is the application's.
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
        p.put("jakarta.persistence.query.timeout", String.valueOf(timeoutSeconds(queryTimeout) * 1000L));
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
        return read("findByHash", em -> {
            List<ApiKeyEntity> rows = readOnly(em.createQuery(
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
        return read("findById", em -> readOnly(em.createQuery(
                "SELECT k FROM ApiKeyEntity k WHERE k.id = :id", ApiKeyEntity.class))
                .setParameter("id", id)
                .getResultList().stream().findFirst().map(ApiKeyEntity::toApiKey));
    }

    /**
     * Two statements whatever the table size or page number: a {@code COUNT} and one page with
     * {@code ORDER BY created_at DESC, id ASC} and the database's {@code LIMIT/OFFSET}. The name filter is
     * {@code lower(name) LIKE '%needle%'} with {@code %}, {@code _} and the escape character escaped.
     */
    @Override
    public Page<ApiKey> search(KeyQuery query) {
        Objects.requireNonNull(query, "query cannot be null");
        List<String> conditions = new ArrayList<>();
        Map<String, Object> parameters = new HashMap<>();
        if (query.organizationId() != null) {
            conditions.add("k.organizationId = :org");
            parameters.put("org", query.organizationId());
        }
        if (query.nameContains() != null) {
            conditions.add("LOWER(k.name) LIKE :name ESCAPE '" + LIKE_ESCAPE + "'");
            parameters.put("name", "%" + escapeLike(query.nameContains().toLowerCase(Locale.ROOT)) + "%");
        }
        String where = conditions.isEmpty() ? "" : " WHERE " + String.join(" AND ", conditions);
        return read("search", em -> {
            TypedQuery<Long> count = timed(em.createQuery("SELECT COUNT(k) FROM ApiKeyEntity k" + where, Long.class));
            parameters.forEach(count::setParameter);
            long total = count.getSingleResult();
            if (query.offset() >= total || query.offset() > Integer.MAX_VALUE) {
                return new Page<>(List.of(), query.page(), query.size(), total);
            }
            TypedQuery<ApiKeyEntity> page = readOnly(em.createQuery("SELECT k FROM ApiKeyEntity k" + where
                    + " ORDER BY k.createdAt DESC, k.id ASC", ApiKeyEntity.class));
            parameters.forEach(page::setParameter);
            List<ApiKey> items = page.setFirstResult((int) query.offset()).setMaxResults(query.size())
                    .getResultList().stream().map(ApiKeyEntity::toApiKey).toList();
            return new Page<>(items, query.page(), query.size(), total);
        });
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

    @Override
    public void insert(ApiKey key) {
        Objects.requireNonNull(key, "key cannot be null");
        ApiKeyEntity row = ApiKeyEntity.from(key);
        write("insert", true, em -> {
            em.persist(row);
            return null;
        });
    }

    /** One conditional {@code UPDATE ... WHERE id = ? AND revoked_at IS NULL}. */
    @Override
    public boolean revoke(String id, Instant revokedAt) {
        Objects.requireNonNull(revokedAt, "revokedAt cannot be null");
        if (id == null || id.isEmpty()) {
            return false;
        }
        return write("revoke", false, em -> revokeOrExpire(em, id, revokedAt, null) == 1);
    }

    /**
     * One transaction: first the conditional update of the old row (which also locks it, so two rotations of one
     * key serialize), then the insert of the replacement. Nothing is inserted when the old key is revoked or
     * missing; a duplicate replacement rolls the update back.
     */
    @Override
    public boolean rotate(ApiKey replacement, String oldId, Instant oldRevokedAt, Instant oldExpiresAt) {
        Objects.requireNonNull(replacement, "replacement cannot be null");
        Objects.requireNonNull(oldId, "oldId cannot be null");
        if ((oldRevokedAt == null) == (oldExpiresAt == null)) {
            throw new IllegalArgumentException("exactly one of oldRevokedAt and oldExpiresAt must be given");
        }
        ApiKeyEntity row = ApiKeyEntity.from(replacement);
        return write("rotate", true, em -> {
            if (revokeOrExpire(em, oldId, oldRevokedAt, oldExpiresAt) != 1) {
                em.getTransaction().setRollbackOnly();
                return false;
            }
            em.persist(row);
            em.flush();
            return true;
        });
    }

    private int revokeOrExpire(EntityManager em, String id, Instant revokedAt, Instant expiresAt) {
        String set = revokedAt != null ? "k.revokedAt = :at" : "k.expiresAt = :at";
        return timed(em.createQuery("UPDATE ApiKeyEntity k SET " + set + ", k.version = k.version + 1"
                + " WHERE k.id = :id AND k.revokedAt IS NULL"))
                .setParameter("at", (revokedAt != null ? revokedAt : expiresAt).toEpochMilli())
                .setParameter("id", id)
                .executeUpdate();
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
        write("recordLastUsed", false, em -> {
            Connection connection = em.unwrap(Connection.class);
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
                throw new JdbcFailure(e);
            }
            return null;
        });
    }

    /** Closes the entity manager factory if this store created it. The DataSource stays the caller's to close. */
    @Override
    public void close() {
        if (ownsFactory && factory.isOpen()) {
            factory.close();
        }
    }

    // ---- plumbing ----

    private <T> T read(String operation, Function<EntityManager, T> work) {
        EntityManager em = null;
        try {
            em = factory.createEntityManager();
            return work.apply(em);
        } catch (RuntimeException e) {
            throw PersistenceFailures.translate(operation, unwrap(e), false);
        } finally {
            closeQuietly(em);
        }
    }

    private <T> T write(String operation, boolean duplicateable, Function<EntityManager, T> work) {
        EntityManager em = null;
        EntityTransaction tx = null;
        try {
            em = factory.createEntityManager();
            tx = em.getTransaction();
            tx.begin();
            T result = work.apply(em);
            if (tx.getRollbackOnly()) {
                tx.rollback();
            } else {
                tx.commit();
            }
            return result;
        } catch (RuntimeException e) {
            rollbackQuietly(tx);
            throw PersistenceFailures.translate(operation, unwrap(e), duplicateable);
        } finally {
            closeQuietly(em);
        }
    }

    private <Q extends jakarta.persistence.Query> Q timed(Q query) {
        query.setHint(TIMEOUT_HINT, queryTimeoutSeconds * 1000);
        return query;
    }

    /**
     * Timed, and read-only: rows are turned into {@link ApiKey} values at once and never changed, so EclipseLink need
     * not register a managed copy of each (about a fifth of a warmed-up H2 lookup here: 20 µs down to 16 µs).
     */
    private <Q extends jakarta.persistence.Query> Q readOnly(Q query) {
        query.setHint("eclipselink.read-only", "true");
        return timed(query);
    }

    static String escapeLike(String text) {
        StringBuilder out = new StringBuilder(text.length() + 8);
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '%' || c == '_' || c == LIKE_ESCAPE) {
                out.append(LIKE_ESCAPE);
            }
            out.append(c);
        }
        return out.toString();
    }

    private static int timeoutSeconds(Duration timeout) {
        Objects.requireNonNull(timeout, "queryTimeout cannot be null");
        if (timeout.compareTo(Duration.ofSeconds(1)) < 0 || timeout.compareTo(Duration.ofMinutes(5)) > 0
                || timeout.toMillis() % 1000 != 0) {
            throw new IllegalArgumentException(timeout + " is wrong value for queryTimeout, because it must be whole "
                    + "seconds from 1 s to 5 min (JDBC statement timeouts count seconds)");
        }
        return (int) timeout.toSeconds();
    }

    private static Throwable unwrap(RuntimeException e) {
        return e instanceof JdbcFailure jdbc ? jdbc.getCause() : e;
    }

    private static void rollbackQuietly(EntityTransaction tx) {
        try {
            if (tx != null && tx.isActive()) {
                tx.rollback();
            }
        } catch (RuntimeException ignored) {
            // the connection is likely gone; the pool discards it, and the original failure is what matters
        }
    }

    private static void closeQuietly(EntityManager em) {
        try {
            if (em != null && em.isOpen()) {
                em.close();
            }
        } catch (RuntimeException ignored) {
            // closing releases the connection to the pool; a failure here must not hide the call's outcome
        }
    }

    /** Carries a checked SQLException out of a lambda to the common translation. */
    private static final class JdbcFailure extends RuntimeException {
        JdbcFailure(SQLException cause) {
            super(cause);
        }
    }
}
