package io.keygate.sample.db;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import java.util.Objects;

import javax.sql.DataSource;

/**
 * The sample's starting data. Seeding is idempotent and never overwrites: a row that exists (perhaps changed by
 * an operator, e.g. an organization moved to another plan) is left as it is, a missing one is inserted. Two nodes
 * seeding at once are harmless: a duplicate insert is recognised by re-reading the row.
 */
public final class Seeds {

    public static final String PLATFORM = "platform";

    /** A plan row; {@code limit == null} means no rate limit, {@code apiAccess == false} no API access at all. */
    public record PlanSeed(String name, boolean apiAccess, Long limit, Long windowSeconds) {
    }

    public record OrganizationSeed(String id, String plan) {
    }

    public record WorkflowSeed(String id, String organizationId, String name) {
    }

    public static final List<PlanSeed> PLANS = List.of(
            new PlanSeed("free", true, 60L, 60L),
            new PlanSeed("pro", true, 300L, 60L),
            new PlanSeed("team", true, 600L, 60L),
            new PlanSeed("enterprise", true, 3000L, 60L),
            new PlanSeed("none", false, null, null));

    public static final List<OrganizationSeed> ORGANIZATIONS = List.of(
            new OrganizationSeed(PLATFORM, "enterprise"),
            new OrganizationSeed("acme", "team"),
            new OrganizationSeed("globex", "free"),
            new OrganizationSeed("initech", "none"));

    public static final List<WorkflowSeed> WORKFLOWS = List.of(
            new WorkflowSeed("wf_summarize", "acme", "Summarize text"),
            new WorkflowSeed("wf_echo", "acme", "Echo"),
            new WorkflowSeed("wf_reverse", "globex", "Reverse"),
            new WorkflowSeed("wf_report", "initech", "Report"));

    private final DataSource dataSource;

    public Seeds(DataSource dataSource) {
        this.dataSource = Objects.requireNonNull(dataSource, "dataSource cannot be null");
    }

    /** @return the number of rows inserted (0 when everything was there) */
    public int apply() throws SQLException {
        int inserted = 0;
        try (Connection c = dataSource.getConnection()) {
            c.setAutoCommit(true);
            for (PlanSeed p : PLANS) {
                inserted += insertIfAbsent(c, "SELECT 1 FROM sample_plan WHERE name = ?", p.name(),
                        "INSERT INTO sample_plan (name, api_access, limit_count, window_seconds) VALUES (?, ?, ?, ?)",
                        p.name(), p.apiAccess(), p.limit(), p.windowSeconds());
            }
            for (OrganizationSeed o : ORGANIZATIONS) {
                inserted += insertIfAbsent(c, "SELECT 1 FROM sample_organization WHERE id = ?", o.id(),
                        "INSERT INTO sample_organization (id, plan) VALUES (?, ?)", o.id(), o.plan());
            }
            for (WorkflowSeed w : WORKFLOWS) {
                inserted += insertIfAbsent(c, "SELECT 1 FROM sample_workflow WHERE id = ?", w.id(),
                        "INSERT INTO sample_workflow (id, organization_id, name) VALUES (?, ?, ?)",
                        w.id(), w.organizationId(), w.name());
            }
        }
        return inserted;
    }

    private static int insertIfAbsent(Connection c, String exists, String id, String insert, Object... values)
            throws SQLException {
        if (present(c, exists, id)) {
            return 0;
        }
        try (PreparedStatement ps = c.prepareStatement(insert)) {
            for (int i = 0; i < values.length; i++) {
                if (values[i] == null) {
                    ps.setNull(i + 1, java.sql.Types.BIGINT);
                } else {
                    ps.setObject(i + 1, values[i]);
                }
            }
            return ps.executeUpdate();
        } catch (SQLException e) {
            // another node inserted the same row between our check and our insert
            if (present(c, exists, id)) {
                return 0;
            }
            throw e;
        }
    }

    private static boolean present(Connection c, String sql, String id) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setString(1, id);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next();
            }
        }
    }
}
