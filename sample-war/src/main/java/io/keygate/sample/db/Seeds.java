package io.keygate.sample.db;

import io.keygate.store.Team;
import io.keygate.store.TeamStore;

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

    /** One limit of a plan: {@code limit} requests per {@code windowSeconds}. */
    public record LimitSeed(long limit, long windowSeconds) {
    }

    /** A plan row and its limits (none: unlimited); {@code apiAccess == false} means no API access at all. */
    public record PlanSeed(String name, boolean apiAccess, List<LimitSeed> limits) {
    }

    public record OrganizationSeed(String id, String plan) {
    }

    /** A workflow; {@code teamId} names a team of keygate's team table, or null. */
    public record WorkflowSeed(String id, String organizationId, String name, String teamId) {
    }

    private static final long MINUTE = 60;
    private static final long HOUR = 3600;
    private static final long DAY = 86_400;

    public static final List<PlanSeed> PLANS = List.of(
            new PlanSeed("free", true, List.of(new LimitSeed(60, MINUTE))),
            new PlanSeed("pro", true, List.of(new LimitSeed(300, MINUTE))),
            new PlanSeed("team", true, List.of(new LimitSeed(600, MINUTE))),
            new PlanSeed("enterprise", true, List.of(new LimitSeed(3000, MINUTE))),
            new PlanSeed("none", false, List.of()),
            // the hour+day plans (contract §7.4): a request needs room in both windows
            new PlanSeed("starter", true, List.of(new LimitSeed(100, HOUR), new LimitSeed(10_000, DAY))),
            new PlanSeed("business", true, List.of(new LimitSeed(300, HOUR), new LimitSeed(100_000, DAY))),
            new PlanSeed("scale", true, List.of(new LimitSeed(1_200, HOUR), new LimitSeed(500_000, DAY))));

    public static final List<OrganizationSeed> ORGANIZATIONS = List.of(
            new OrganizationSeed(PLATFORM, "enterprise"),
            new OrganizationSeed("acme", "team"),
            new OrganizationSeed("globex", "free"),
            new OrganizationSeed("initech", "none"),
            new OrganizationSeed("hooli", "business"));

    public static final List<Team> TEAMS = List.of(
            new Team("team_research", "Research", "acme"),
            new Team("team_ops", "Ops", "acme"));

    public static final List<WorkflowSeed> WORKFLOWS = List.of(
            new WorkflowSeed("wf_summarize", "acme", "Summarize text", "team_research"),
            new WorkflowSeed("wf_echo", "acme", "Echo", "team_ops"),
            new WorkflowSeed("wf_reverse", "globex", "Reverse", null),
            new WorkflowSeed("wf_report", "initech", "Report", null),
            new WorkflowSeed("wf_upper", "hooli", "Uppercase", null));

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
                int plan = insertIfAbsent(c, "SELECT 1 FROM sample_plan WHERE name = ?", p.name(),
                        "INSERT INTO sample_plan (name, api_access) VALUES (?, ?)", p.name(), p.apiAccess());
                inserted += plan;
                if (plan > 0) {
                    // a new plan gets its limits; an existing plan's limits are the operator's
                    for (LimitSeed l : p.limits()) {
                        inserted += insert(c, "INSERT INTO sample_plan_limit (plan_name, limit_count, window_seconds)"
                                + " VALUES (?, ?, ?)", p.name(), l.limit(), l.windowSeconds());
                    }
                }
            }
            for (OrganizationSeed o : ORGANIZATIONS) {
                inserted += insertIfAbsent(c, "SELECT 1 FROM sample_organization WHERE id = ?", o.id(),
                        "INSERT INTO sample_organization (id, plan) VALUES (?, ?)", o.id(), o.plan());
            }
            for (WorkflowSeed w : WORKFLOWS) {
                inserted += insertIfAbsent(c, "SELECT 1 FROM sample_workflow WHERE id = ?", w.id(),
                        "INSERT INTO sample_workflow (id, organization_id, name, team_id) VALUES (?, ?, ?, ?)",
                        w.id(), w.organizationId(), w.name(), w.teamId());
            }
        }
        return inserted;
    }

    /** Saves the seed teams that are missing into keygate's team store (existing ones are left as they are). */
    public static int applyTeams(TeamStore teams) {
        int inserted = 0;
        for (Team t : TEAMS) {
            if (teams.findById(t.id()).isEmpty()) {
                teams.save(t);
                inserted++;
            }
        }
        return inserted;
    }

    private static int insertIfAbsent(Connection c, String exists, String id, String insert, Object... values)
            throws SQLException {
        if (present(c, exists, id)) {
            return 0;
        }
        try {
            return insert(c, insert, values);
        } catch (SQLException e) {
            // another node inserted the same row between our check and our insert
            if (present(c, exists, id)) {
                return 0;
            }
            throw e;
        }
    }

    private static int insert(Connection c, String insert, Object... values) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(insert)) {
            for (int i = 0; i < values.length; i++) {
                if (values[i] == null) {
                    ps.setNull(i + 1, java.sql.Types.VARCHAR);
                } else {
                    ps.setObject(i + 1, values[i]);
                }
            }
            return ps.executeUpdate();
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
