package io.keygate.ops;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.keygate.testing.Services;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The operations kit: the alert rules pass {@code promtool check rules} and the unit tests of
 * {@code keygate-alerts.test.yml} (one firing and one quiet case per alert); the dashboard is a Grafana dashboard
 * whose every panel queries Prometheus. That every metric name they use exists is checked against the sample's
 * {@code /metrics} in the sample's tests ({@code OpsMetricNamesTest}).
 */
class OpsKitTest {

    static final Path RULES = Path.of("prometheus/keygate-alerts.yml");
    static final Path RULE_TESTS = Path.of("prometheus/keygate-alerts.test.yml");
    static final Path DASHBOARD = Path.of("grafana/keygate-dashboard.json");

    @Test
    void alertRulesWhenCheckedByPromtoolThenValid() throws Exception {
        Path promtool = Services.requireCommand("promtool", "prometheus");
        Run run = run(promtool.toString(), "check", "rules", RULES.toString());
        assertThat(run.exit).as(run.output).isZero();
        assertThat(run.output).contains("SUCCESS: 6 rules found");
    }

    @Test
    void alertRulesWhenUnitTestedByPromtoolThenEveryAlertFiresAndStaysQuietAsExpected() throws Exception {
        Path promtool = Services.requireCommand("promtool", "prometheus");
        Run run = run(promtool.toString(), "test", "rules", RULE_TESTS.toString());
        assertThat(run.exit).as(run.output).isZero();
        String tests = Files.readString(RULE_TESTS);
        for (String alert : alertNames()) {
            assertThat(tests).as("a test case for " + alert).contains("alertname: " + alert);
        }
    }

    @Test
    void dashboardWhenParsedThenEveryPanelQueriesPrometheusThroughTheDatasourceVariable() throws IOException {
        JsonNode dashboard = new ObjectMapper().readTree(DASHBOARD.toFile());
        assertThat(dashboard.get("uid").asText()).isEqualTo("keygate");
        List<JsonNode> panels = new ArrayList<>();
        dashboard.get("panels").forEach(p -> {
            if (!"row".equals(p.get("type").asText())) {
                panels.add(p);
            }
        });
        assertThat(panels).hasSizeGreaterThanOrEqualTo(12);
        assertThat(panels).allSatisfy(p -> {
            assertThat(p.get("datasource").get("uid").asText()).isEqualTo("${datasource}");
            assertThat(p.get("targets")).isNotEmpty();
            p.get("targets").forEach(t -> assertThat(t.get("expr").asText()).contains("instance=~\"$instance\""));
        });
        // what the issue asks the dashboard to show
        String all = dashboard.toString();
        assertThat(all).contains("apikey_auth_requests_total", "apikey_auth_duration_seconds_bucket",
                "cache_gets_total", "apikey_store_lookups_seconds", "apikey_backend_errors_total",
                "apikey_ratelimit_fallbacks_requests_total", "apikey_ratelimit_redis_errors_total",
                "apikey_lastused_pending_keys", "apikey_usage_pending_keys", "apikey_tokens_issued_total");
    }

    static List<String> alertNames() throws IOException {
        List<String> names = new ArrayList<>();
        for (String line : Files.readAllLines(RULES)) {
            String t = line.trim();
            if (t.startsWith("- alert: ")) {
                names.add(t.substring("- alert: ".length()));
            }
        }
        return names;
    }

    private record Run(int exit, String output) {
    }

    private static Run run(String... command) throws Exception {
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        return new Run(p.exitValue(), out);
    }
}
