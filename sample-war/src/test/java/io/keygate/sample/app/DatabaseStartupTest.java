package io.keygate.sample.app;

import io.keygate.keys.KeyFormat;
import io.keygate.limit.Plan;
import io.keygate.sample.config.ConfigurationException;
import io.keygate.sample.config.SampleConfig;
import io.keygate.sample.workflow.WorkflowEntity;
import io.keygate.sample.workflow.WorkflowInstanceEntity;
import io.keygate.store.KeyQuery;
import io.keygate.testing.Services;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Start, migrate, seed and bootstrap on each database the sample ships migrations for, twice (the second start
 * changes nothing), then write and read a workflow instance through the sample's persistence unit.
 */
class DatabaseStartupTest {

    @TempDir
    Path directory;

    @Test
    void startOnH2TwiceSeedsOnceAndPersists() {
        startTwice("jdbc:h2:file:" + directory.resolve("db/keygate").toAbsolutePath(), "sa");
    }

    @Test
    void startOnPostgresTwiceSeedsOnceAndPersists() throws Exception {
        Services.requirePostgres();
        try (Connection c = DriverManager.getConnection(Services.POSTGRES_URL, Services.POSTGRES_USER, "");
             Statement s = c.createStatement()) {
            s.execute("DROP SCHEMA IF EXISTS keygate_sample_unit CASCADE");
            s.execute("CREATE SCHEMA keygate_sample_unit");
        }
        startTwice(Services.POSTGRES_URL + "?currentSchema=keygate_sample_unit", Services.POSTGRES_USER);
    }

    @Test
    void startOnMariaDbTwiceSeedsOnceAndPersists() throws Exception {
        Services.requireMariaDb();
        try (Connection c = DriverManager.getConnection(Services.MARIADB_URL, Services.MARIADB_USER, "");
             Statement s = c.createStatement()) {
            s.execute("DROP DATABASE IF EXISTS keygate_sample_unit");
            s.execute("CREATE DATABASE keygate_sample_unit CHARACTER SET utf8mb4");
        }
        startTwice("jdbc:mariadb://127.0.0.1:3306/keygate_sample_unit", Services.MARIADB_USER);
    }

    @Test
    void startWhenDatabaseUnreachableThenConfigurationErrorNamesUrlButNotPassword() {
        SampleConfig config = SampleConfig.from(p -> null, Map.of(SampleConfig.JDBC_URL,
                "jdbc:postgresql://127.0.0.1:1/none", SampleConfig.JDBC_USER, "app",
                SampleConfig.JDBC_PASSWORD, "hunter2")::get);
        assertThatThrownBy(() -> SampleApplication.start(config, Clock.systemUTC(), System.out))
                .isInstanceOf(ConfigurationException.class)
                .hasMessageContaining("cannot connect to the database at jdbc:postgresql://127.0.0.1:1/none")
                .hasMessageContaining("KEYGATE_JDBC_URL")
                .hasMessageNotContaining("hunter2");
    }

    @Test
    void startWhenUrlIsOfAnotherDatabaseThenConfigurationErrorNamesTheRule() {
        SampleConfig config = SampleConfig.from(p -> null, Map.of(SampleConfig.JDBC_URL, "jdbc:oracle:thin:@db:1521/x")::get);
        assertThatThrownBy(() -> SampleApplication.start(config, Clock.systemUTC(), System.out))
                .isInstanceOf(ConfigurationException.class)
                .hasMessageContaining("KEYGATE_JDBC_URL")
                .hasMessageContaining("jdbc:h2:, jdbc:postgresql: and jdbc:mariadb:");
    }

    private void startTwice(String url, String user) {
        SampleConfig config = SampleConfig.from(p -> null, Map.of(SampleConfig.JDBC_URL, url, SampleConfig.JDBC_USER, user)::get);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        PrintStream print = new PrintStream(out, true, StandardCharsets.UTF_8);
        String instanceId = "wfi_startup" + Long.toHexString(System.nanoTime());
        try (SampleApplication app = SampleApplication.start(config, Clock.systemUTC(), print)) {
            assertThat(out.toString(StandardCharsets.UTF_8)).startsWith(io.keygate.webapp.BootstrapAdminKey.ANNOUNCEMENT);
            assertThat(app.workflows().listWorkflows("acme")).extracting(WorkflowEntity::getId)
                    .containsExactly("wf_echo", "wf_summarize");
            assertThat(app.organizations().forOrganization("initech")).map(Plan::apiAccess).contains(false);
            assertThat(app.organizations().forOrganization("acme").orElseThrow().limits())
                    .singleElement().satisfies(l -> assertThat(l.limit()).isEqualTo(600));
            Instant now = Instant.now().truncatedTo(ChronoUnit.MILLIS);
            String output = "héllo \uD83D\uDE00 ".repeat(1000);
            app.workflows().save(new WorkflowInstanceEntity(instanceId, "wf_echo", "acme", true, "key_x", "completed",
                    output, 2, now, now));
            assertThat(app.workflows().findInstance(instanceId).orElseThrow().getOutput()).isEqualTo(output);
        }
        try (SampleApplication again = SampleApplication.start(config, Clock.systemUTC(), print)) {
            String printed = out.toString(StandardCharsets.UTF_8);
            assertThat(printed.split(java.util.regex.Pattern.quote(io.keygate.webapp.BootstrapAdminKey.ANNOUNCEMENT), -1)).hasSize(2);
            assertThat(again.keygate().service().search(new KeyQuery("platform", null, 1, 10)).total()).isEqualTo(1);
            assertThat(again.workflows().findInstance(instanceId)).isPresent();
            assertThat(again.workflows().listWorkflows("globex")).extracting(WorkflowEntity::getName)
                    .containsExactly("Reverse");
        }
        assertThat(KeyFormat.standard().isWellFormed(out.toString(StandardCharsets.UTF_8)
                .substring(io.keygate.webapp.BootstrapAdminKey.ANNOUNCEMENT.length()).strip())).isTrue();
    }
}
