package io.keygate.sample.plans;

import io.keygate.jpa.KeygateDatabase;
import io.keygate.jpa.KeygateMigrations;
import io.keygate.keys.Owner;
import io.keygate.limit.Limit;
import io.keygate.limit.Plan;
import io.keygate.sample.db.SampleSchema;
import io.keygate.sample.db.Seeds;
import io.keygate.store.AuditEvent;
import io.keygate.store.StoreUnavailableException;
import org.h2.jdbcx.JdbcDataSource;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The organization directory on the real migrations (keygate's and the sample's) and seeds, on H2. */
class OrganizationDirectoryTest {

    private JdbcDataSource dataSource;

    @BeforeEach
    void database() throws SQLException {
        dataSource = new JdbcDataSource();
        dataSource.setURL("jdbc:h2:mem:" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1");
        KeygateMigrations.migrate(dataSource, KeygateDatabase.H2);
        SampleSchema.migrate(dataSource, KeygateDatabase.H2);
        new Seeds(dataSource).apply();
    }

    @Test
    void forOrganizationWhenSeededThenContractPlans() {
        OrganizationDirectory d = new OrganizationDirectory(dataSource);
        assertThat(d.forOrganization("platform")).contains(new Plan("enterprise", true, List.of(new Limit(3000, 60))));
        assertThat(d.forOrganization("acme")).contains(new Plan("team", true, List.of(new Limit(600, 60))));
        assertThat(d.forOrganization("globex")).contains(new Plan("free", true, List.of(new Limit(60, 60))));
        assertThat(d.forOrganization("initech")).contains(Plan.noApiAccess("none"));
        assertThat(d.forOrganization("hooli")).contains(new Plan("business", true,
                List.of(new Limit(300, 3600), new Limit(100_000, 86_400))));
        assertThat(d.byName("pro")).contains(new Plan("pro", true, List.of(new Limit(300, 60))));
        assertThat(d.byName("starter")).contains(new Plan("starter", true,
                List.of(new Limit(100, 3600), new Limit(10_000, 86_400))));
        assertThat(d.byName("scale")).contains(new Plan("scale", true,
                List.of(new Limit(1_200, 3600), new Limit(500_000, 86_400))));
        assertThat(d.forOrganization("nowhere")).isEmpty();
        assertThat(d.exists("acme")).isTrue();
        assertThat(d.exists("x".repeat(65))).isFalse();
    }

    @Test
    void plansWhenListedThenEveryPlanByNameWithItsLimits() {
        List<Plan> plans = new OrganizationDirectory(dataSource).plans();

        assertThat(plans).extracting(Plan::name).containsExactly("business", "enterprise", "free", "none", "pro",
                "scale", "starter", "team");
        assertThat(plans).filteredOn(p -> p.name().equals("none")).singleElement()
                .satisfies(p -> assertThat(p.apiAccess()).isFalse());
        assertThat(plans).filteredOn(p -> p.name().equals("starter")).singleElement()
                .satisfies(p -> assertThat(p.limits()).containsExactly(new Limit(100, 3600), new Limit(10_000, 86_400)));
    }

    @Test
    void applyWhenRunAgainThenInsertsNothingAndKeepsOperatorChanges() throws SQLException {
        try (Connection c = dataSource.getConnection(); Statement s = c.createStatement()) {
            s.execute("UPDATE sample_organization SET plan = 'pro' WHERE id = 'globex'");
            s.execute("UPDATE sample_plan_limit SET limit_count = 61 WHERE plan_name = 'free'");
        }
        assertThat(new Seeds(dataSource).apply()).isZero();
        OrganizationDirectory d = new OrganizationDirectory(dataSource);
        assertThat(d.forOrganization("globex").orElseThrow().name()).isEqualTo("pro");
        assertThat(d.byName("free").orElseThrow().limits()).containsExactly(new Limit(61, 60));
    }

    @Test
    void assignPlanWhenOrganizationExistsThenChangedWithItsEventAndSeenAtOnceHere() throws SQLException {
        OrganizationDirectory d = new OrganizationDirectory(dataSource, Duration.ofMinutes(5));
        assertThat(d.forOrganization("acme")).map(Plan::name).contains("team");

        assertThat(d.assignPlan("acme", "starter", event("evt_plan1"))).isTrue();

        assertThat(d.forOrganization("acme")).map(Plan::name).contains("starter");
        assertThat(column("SELECT id FROM audit_event")).containsExactly("evt_plan1");
        assertThat(d.assignPlan("nowhere", "starter", event("evt_plan2"))).isFalse();
        assertThat(column("SELECT id FROM audit_event")).containsExactly("evt_plan1");
    }

    @Test
    void assignPlanWhenEventCannotBeWrittenThenPlanUnchanged() throws SQLException {
        OrganizationDirectory d = new OrganizationDirectory(dataSource, Duration.ofMinutes(5));
        AuditEvent tooLong = new AuditEvent("e".repeat(AuditEvent.MAX_FIELD_LENGTH + 1), Instant.EPOCH,
                AuditEvent.Action.ORGANIZATION_PLAN, AuditEvent.Outcome.SUCCESS,
                new AuditEvent.Actor("key_p", "platform", Owner.user("u")),
                new AuditEvent.Target(AuditEvent.TargetType.ORGANIZATION, "acme"), "acme", null);

        assertThatThrownBy(() -> d.assignPlan("acme", "starter", tooLong)).isInstanceOf(IllegalArgumentException.class);

        assertThat(column("SELECT plan FROM sample_organization WHERE id = 'acme'")).containsExactly("team");
        assertThat(column("SELECT id FROM audit_event")).isEmpty();
    }

    @Test
    void forOrganizationWhenDatabaseFailsThenUnavailableAndTheFailureIsNotCached() throws SQLException {
        OrganizationDirectory d = new OrganizationDirectory(dataSource, Duration.ofMinutes(5));
        execute("ALTER TABLE sample_organization RENAME TO sample_organization_away");
        assertThatThrownBy(() -> d.forOrganization("acme")).isInstanceOf(StoreUnavailableException.class);
        execute("ALTER TABLE sample_organization_away RENAME TO sample_organization");
        assertThat(d.forOrganization("acme")).map(Plan::name).contains("team");
    }

    @Test
    void forOrganizationWhenDatabaseFailsAfterAnAnswerThenTheLastAnswerIsServed() throws SQLException {
        OrganizationDirectory d = new OrganizationDirectory(dataSource, Duration.ofNanos(1));
        assertThat(d.forOrganization("acme")).map(Plan::name).contains("team");
        execute("ALTER TABLE sample_organization RENAME TO sample_organization_away");
        assertThat(d.forOrganization("acme")).map(Plan::name).contains("team");
        assertThatThrownBy(() -> d.forOrganization("globex")).isInstanceOf(StoreUnavailableException.class);
    }

    @Test
    void forOrganizationWhenAnotherNodeChangesThePlanThenCachedAnswerServedUntilTtl() throws SQLException {
        OrganizationDirectory d = new OrganizationDirectory(dataSource, Duration.ofMinutes(5));
        assertThat(d.forOrganization("acme")).map(Plan::name).contains("team");
        new OrganizationDirectory(dataSource).assignPlan("acme", "free", event("evt_other_node"));
        assertThat(d.forOrganization("acme")).map(Plan::name).contains("team");
        assertThat(new OrganizationDirectory(dataSource, Duration.ofMinutes(5)).forOrganization("acme"))
                .map(Plan::name).contains("free");
        assertThat(OrganizationDirectory.DEFAULT_TTL).isLessThanOrEqualTo(Duration.ofSeconds(5));
    }

    private static AuditEvent event(String id) {
        return new AuditEvent(id, Instant.EPOCH, AuditEvent.Action.ORGANIZATION_PLAN, AuditEvent.Outcome.SUCCESS,
                new AuditEvent.Actor("key_p", "platform", Owner.user("u")),
                new AuditEvent.Target(AuditEvent.TargetType.ORGANIZATION, "acme"), "acme", null);
    }

    private void execute(String sql) throws SQLException {
        try (Connection c = dataSource.getConnection(); Statement s = c.createStatement()) {
            s.execute(sql);
        }
    }

    private List<String> column(String sql) throws SQLException {
        List<String> out = new java.util.ArrayList<>();
        try (Connection c = dataSource.getConnection(); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery(sql)) {
            while (rs.next()) {
                out.add(rs.getString(1));
            }
        }
        return out;
    }
}
