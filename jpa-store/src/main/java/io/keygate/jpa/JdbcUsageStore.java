package io.keygate.jpa;

import io.keygate.store.StoreUnavailableException;
import io.keygate.store.UsageCount;
import io.keygate.store.UsageStore;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;

/**
 * Per-key daily usage (contract §7.6) in the {@code key_usage_day} table (migration V4): one row per key and UTC
 * day. {@link #add} is one JDBC batch of the database's own atomic upsert, so that the counts of every node add up
 * exactly without reading first:
 * <ul>
 *   <li>PostgreSQL: {@code INSERT ... ON CONFLICT (key_id, usage_day) DO UPDATE SET n = key_usage_day.n + EXCLUDED.n};</li>
 *   <li>MariaDB/MySQL: {@code INSERT ... ON DUPLICATE KEY UPDATE n = n + VALUES(n)};</li>
 *   <li>H2: {@code MERGE INTO ... USING (VALUES ...) ... WHEN MATCHED THEN UPDATE SET n = n + source.n}.</li>
 * </ul>
 * Rows are written in key order, so that two nodes flushing at the same moment lock rows in the same order and
 * cannot deadlock. Failures are {@link StoreUnavailableException}s, quickly (the statement timeout).
 *
 * <pre>{@code
 * Keygate keygate = Keygate.builder().store(store).usageStore(new JdbcUsageStore(pool, KeygateDatabase.of(pool))) ...
 * }</pre>
 */
public final class JdbcUsageStore implements UsageStore {

    static final String POSTGRESQL_UPSERT = "INSERT INTO key_usage_day (key_id, usage_day, authenticated, rate_limited, "
            + "forbidden) VALUES (?, ?, ?, ?, ?) ON CONFLICT (key_id, usage_day) DO UPDATE SET "
            + "authenticated = key_usage_day.authenticated + EXCLUDED.authenticated, "
            + "rate_limited = key_usage_day.rate_limited + EXCLUDED.rate_limited, "
            + "forbidden = key_usage_day.forbidden + EXCLUDED.forbidden";
    static final String MARIADB_UPSERT = "INSERT INTO key_usage_day (key_id, usage_day, authenticated, rate_limited, "
            + "forbidden) VALUES (?, ?, ?, ?, ?) ON DUPLICATE KEY UPDATE "
            + "authenticated = authenticated + VALUES(authenticated), "
            + "rate_limited = rate_limited + VALUES(rate_limited), forbidden = forbidden + VALUES(forbidden)";
    static final String H2_UPSERT = "MERGE INTO key_usage_day t USING (VALUES (CAST(? AS VARCHAR(64)), CAST(? AS DATE), "
            + "CAST(? AS BIGINT), CAST(? AS BIGINT), CAST(? AS BIGINT))) s (key_id, usage_day, authenticated, rate_limited, "
            + "forbidden) ON t.key_id = s.key_id AND t.usage_day = s.usage_day "
            + "WHEN MATCHED THEN UPDATE SET authenticated = t.authenticated + s.authenticated, "
            + "rate_limited = t.rate_limited + s.rate_limited, forbidden = t.forbidden + s.forbidden "
            + "WHEN NOT MATCHED THEN INSERT (key_id, usage_day, authenticated, rate_limited, forbidden) "
            + "VALUES (s.key_id, s.usage_day, s.authenticated, s.rate_limited, s.forbidden)";
    static final String DAILY = "SELECT key_id, usage_day, authenticated, rate_limited, forbidden FROM key_usage_day "
            + "WHERE key_id = ? AND usage_day BETWEEN ? AND ?";

    private final DataSource dataSource;
    private final String upsert;
    private final int queryTimeoutSeconds;

    public JdbcUsageStore(DataSource dataSource, KeygateDatabase database) {
        this(dataSource, database, JpaApiKeyStore.DEFAULT_QUERY_TIMEOUT);
    }

    public JdbcUsageStore(DataSource dataSource, KeygateDatabase database, Duration queryTimeout) {
        this.dataSource = Objects.requireNonNull(dataSource, "dataSource cannot be null");
        this.upsert = switch (Objects.requireNonNull(database, "database cannot be null")) {
            case POSTGRESQL -> POSTGRESQL_UPSERT;
            case MARIADB -> MARIADB_UPSERT;
            case H2 -> H2_UPSERT;
        };
        this.queryTimeoutSeconds = (int) Math.max(1, Objects.requireNonNull(queryTimeout, "queryTimeout cannot be null")
                .toSeconds());
    }

    @Override
    public void add(Collection<UsageCount> deltas) {
        if (deltas.isEmpty()) {
            return;
        }
        List<UsageCount> ordered = new ArrayList<>(deltas);
        ordered.sort(Comparator.comparing(UsageCount::keyId).thenComparing(UsageCount::day));
        try (Connection c = dataSource.getConnection()) {
            boolean autoCommit = c.getAutoCommit();
            c.setAutoCommit(false);
            try (PreparedStatement s = c.prepareStatement(upsert)) {
                s.setQueryTimeout(queryTimeoutSeconds);
                for (UsageCount d : ordered) {
                    s.setString(1, d.keyId());
                    s.setObject(2, d.day());
                    s.setLong(3, d.authenticated());
                    s.setLong(4, d.rateLimited());
                    s.setLong(5, d.forbidden());
                    s.addBatch();
                }
                s.executeBatch();
                c.commit();
            } catch (SQLException | RuntimeException e) {
                c.rollback();
                throw e;
            } finally {
                c.setAutoCommit(autoCommit);
            }
        } catch (SQLException e) {
            throw new StoreUnavailableException("usage could not be written: " + e.getMessage(), e);
        }
    }

    @Override
    public List<UsageCount> daily(String keyId, LocalDate from, LocalDate to) {
        try (Connection c = dataSource.getConnection(); PreparedStatement s = c.prepareStatement(DAILY)) {
            s.setQueryTimeout(queryTimeoutSeconds);
            s.setString(1, keyId);
            s.setObject(2, from);
            s.setObject(3, to);
            List<UsageCount> out = new ArrayList<>();
            try (ResultSet r = s.executeQuery()) {
                while (r.next()) {
                    out.add(new UsageCount(r.getString(1), r.getObject(2, LocalDate.class), r.getLong(3), r.getLong(4),
                            r.getLong(5)));
                }
            }
            return out;
        } catch (SQLException e) {
            throw new StoreUnavailableException("usage could not be read: " + e.getMessage(), e);
        }
    }
}
