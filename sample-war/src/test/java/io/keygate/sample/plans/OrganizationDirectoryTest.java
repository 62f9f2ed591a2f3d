package io.keygate.sample.plans;

import io.keygate.limit.Limit;
import io.keygate.limit.Plan;
import io.keygate.sample.db.Seeds;
import io.keygate.store.StoreUnavailableException;
import org.h2.jdbcx.JdbcDataSource;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class OrganizationDirectoryTest {

    private JdbcDataSource dataSource;

    @BeforeEach
    void database() throws SQLException {
        dataSource = new JdbcDataSource();
        dataSource.setURL("jdbc:h2:mem:" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1");
        try (Connection c = dataSource.getConnection(); Statement s = c.createStatement()) {
            s.execute("CREATE TABLE sample_plan (name VARCHAR(64) PRIMARY KEY, api_access BOOLEAN NOT NULL,"
                    + " limit_count BIGINT, window_seconds BIGINT)");
            s.execute("CREATE TABLE sample_organization (id VARCHAR(64) PRIMARY KEY, plan VARCHAR(64) NOT NULL)");
            s.execute("CREATE TABLE sample_workflow (id VARCHAR(64) PRIMARY KEY, organization_id VARCHAR(64),"
                    + " name VARCHAR(128))");
        }
        new Seeds(dataSource).apply();
    }

    @Test
    void forOrganizationWhenSeededThenContractPlans() {
        OrganizationDirectory d = new OrganizationDirectory(dataSource);
        assertThat(d.forOrganization("platform")).contains(new Plan("enterprise", true, List.of(new Limit(3000, 60))));
        assertThat(d.forOrganization("acme")).contains(new Plan("team", true, List.of(new Limit(600, 60))));
        assertThat(d.forOrganization("globex")).contains(new Plan("free", true, List.of(new Limit(60, 60))));
        assertThat(d.forOrganization("initech")).contains(Plan.noApiAccess("none"));
        assertThat(d.byName("pro")).contains(new Plan("pro", true, List.of(new Limit(300, 60))));
        assertThat(d.forOrganization("nowhere")).isEmpty();
        assertThat(d.exists("acme")).isTrue();
        assertThat(d.exists("x".repeat(65))).isFalse();
    }

    @Test
    void applyWhenRunAgainThenInsertsNothingAndKeepsOperatorChanges() throws SQLException {
        try (Connection c = dataSource.getConnection(); Statement s = c.createStatement()) {
            s.execute("UPDATE sample_organization SET plan = 'pro' WHERE id = 'globex'");
        }
        assertThat(new Seeds(dataSource).apply()).isZero();
        assertThat(new OrganizationDirectory(dataSource).forOrganization("globex").orElseThrow().name()).isEqualTo("pro");
    }

    @Test
    void forOrganizationWhenDatabaseFailsThenUnavailableAndTheFailureIsNotCached() throws SQLException {
        OrganizationDirectory d = new OrganizationDirectory(dataSource, Duration.ofMinutes(5));
        try (Connection c = dataSource.getConnection(); Statement s = c.createStatement()) {
            s.execute("ALTER TABLE sample_organization RENAME TO sample_organization_away");
        }
        assertThatThrownBy(() -> d.forOrganization("acme")).isInstanceOf(StoreUnavailableException.class);
        try (Connection c = dataSource.getConnection(); Statement s = c.createStatement()) {
            s.execute("ALTER TABLE sample_organization_away RENAME TO sample_organization");
        }
        assertThat(d.forOrganization("acme")).map(Plan::name).contains("team");
    }

    @Test
    void forOrganizationWhenDatabaseFailsAfterAnAnswerThenTheLastAnswerIsServed() throws SQLException {
        OrganizationDirectory d = new OrganizationDirectory(dataSource, Duration.ofNanos(1));
        assertThat(d.forOrganization("acme")).map(Plan::name).contains("team");
        try (Connection c = dataSource.getConnection(); Statement s = c.createStatement()) {
            s.execute("ALTER TABLE sample_organization RENAME TO sample_organization_away");
        }
        assertThat(d.forOrganization("acme")).map(Plan::name).contains("team");
        assertThatThrownBy(() -> d.forOrganization("globex")).isInstanceOf(StoreUnavailableException.class);
    }

    @Test
    void forOrganizationWhenPlanChangesThenCachedAnswerServedUntilTtl() throws SQLException {
        OrganizationDirectory d = new OrganizationDirectory(dataSource, Duration.ofMinutes(5));
        assertThat(d.forOrganization("acme")).map(Plan::name).contains("team");
        try (Connection c = dataSource.getConnection(); Statement s = c.createStatement()) {
            s.execute("UPDATE sample_organization SET plan = 'free' WHERE id = 'acme'");
        }
        assertThat(d.forOrganization("acme")).map(Plan::name).contains("team");
        assertThat(new OrganizationDirectory(dataSource, Duration.ofMinutes(5)).forOrganization("acme"))
                .map(Plan::name).contains("free");
    }
}
