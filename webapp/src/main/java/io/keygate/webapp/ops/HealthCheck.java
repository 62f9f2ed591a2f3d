package io.keygate.webapp.ops;

import io.keygate.limit.LimiterHealth;
import io.keygate.limit.RateLimiter;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.Objects;
import java.util.function.BooleanSupplier;

/**
 * What {@code GET /health} reports (contract §10): the database, and the rate limiter's remote backend (Redis).
 *
 * <ul>
 *   <li>{@code database}: {@code UP} when a connection answers within {@link #DATABASE_TIMEOUT_SECONDS}
 *       (after at most the pool's connection timeout), else {@code DOWN}.</li>
 *   <li>{@code redis}: {@code DISABLED} when limits are counted in this JVM; {@code UP} while Redis answers;
 *       {@code DOWN} while it does not (whatever the outage policy).</li>
 *   <li>{@code status}: {@code DOWN} (503) when requests that need keygate are refused: the database is down, or
 *       Redis is down under the {@code closed} outage policy. A Redis outage under {@code local} or {@code open}
 *       leaves the API answering, so the status stays {@code UP} (200) and only {@code checks.redis} says
 *       {@code DOWN}: a load balancer keeps the node in rotation, monitoring still sees the outage.</li>
 * </ul>
 *
 * Published by {@code KeygateListener} (or {@code KeygateRuntime.publish}) under {@link #CONTEXT_ATTRIBUTE}.
 */
public final class HealthCheck {

    /** ServletContext attribute where {@link HealthServlet} finds its check. */
    public static final String CONTEXT_ATTRIBUTE = "io.keygate.webapp.ops.HealthCheck";
    public static final int DATABASE_TIMEOUT_SECONDS = 1;

    private final BooleanSupplier database;
    private final RateLimiter limiter;

    /**
     * @param database true when the database answers; must not throw and must be bounded in time
     * @param limiter  the Keygate's rate limiter ({@link RateLimiter#health()})
     */
    public HealthCheck(BooleanSupplier database, RateLimiter limiter) {
        this.database = Objects.requireNonNull(database, "database cannot be null");
        this.limiter = Objects.requireNonNull(limiter, "limiter cannot be null");
    }

    /** A connection from {@code dataSource} that {@code isValid} within {@link #DATABASE_TIMEOUT_SECONDS}. */
    public static BooleanSupplier database(DataSource dataSource) {
        Objects.requireNonNull(dataSource, "dataSource cannot be null");
        return () -> {
            try (Connection c = dataSource.getConnection()) {
                return c.isValid(DATABASE_TIMEOUT_SECONDS);
            } catch (SQLException | RuntimeException e) {
                return false;
            }
        };
    }

    /** The state of one check. */
    public enum State { UP, DOWN, DISABLED }

    /** One answer of {@code /health}. */
    public record Report(State status, State database, State redis) {

        /** 200 when UP, 503 when DOWN. */
        public int httpStatus() {
            return status == State.UP ? 200 : 503;
        }

        /** {@code {"status":"UP","checks":{"database":"UP","redis":"DISABLED"}}} (enum names only: no escaping). */
        public String toJson() {
            return "{\"status\":\"" + status + "\",\"checks\":{\"database\":\"" + database + "\",\"redis\":\""
                    + redis + "\"}}";
        }
    }

    /** Checks now. Bounded by the pool's connection timeout; never throws. */
    public Report check() {
        State db = database.getAsBoolean() ? State.UP : State.DOWN;
        LimiterHealth limit;
        try {
            limit = limiter.health();
        } catch (RuntimeException e) {
            limit = LimiterHealth.DOWN;
        }
        State redis = switch (limit) {
            case LOCAL -> State.DISABLED;
            case UP -> State.UP;
            case DEGRADED, DOWN -> State.DOWN;
        };
        boolean refusing = db == State.DOWN || limit == LimiterHealth.DOWN;
        return new Report(refusing ? State.DOWN : State.UP, db, redis);
    }
}
