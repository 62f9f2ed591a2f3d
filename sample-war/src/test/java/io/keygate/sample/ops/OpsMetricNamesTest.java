package io.keygate.sample.ops;

import io.keygate.sample.it.ApiClient;
import io.keygate.sample.support.InProcessSample;
import io.keygate.testing.Services;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every metric the operations kit (the Grafana dashboard and the Prometheus alert rules under {@code ops/}) queries
 * exists in the sample's {@code /metrics}, with the Redis backends on: a renamed meter breaks this test, not a
 * production dashboard.
 */
class OpsMetricNamesTest {

    /** A series selector in PromQL: a name directly followed by its label matchers. */
    private static final Pattern SELECTOR = Pattern.compile("\\b([a-zA-Z_:][a-zA-Z0-9_:]*)\\{");

    @TempDir
    Path directory;

    @Test
    void metricNamesWhenUsedByTheDashboardAndTheAlertsThenPublishedByTheSample() throws Exception {
        Services.requireRedis();
        Set<String> used = new TreeSet<>();
        used.addAll(selectors(Path.of("../ops/grafana/keygate-dashboard.json")));
        used.addAll(selectors(Path.of("../ops/prometheus/keygate-alerts.yml")));
        assertThat(used).hasSizeGreaterThan(15);

        try (InProcessSample sample = InProcessSample.onH2WithRedis(directory, Services.REDIS_URL)) {
            ApiClient api = new ApiClient(sample::uri);
            // an authenticated request (store lookup, cache, last use, usage) and a rejected one
            assertThat(api.get("/admin/api/keys", sample.adminKey()).status()).isEqualTo(200);
            assertThat(api.get("/admin/api/keys", "sk_live_nope").status()).isEqualTo(401);
            String metrics = api.get("/metrics", null).text();
            Set<String> published = new TreeSet<>();
            for (String line : metrics.split("\n")) {
                if (!line.isEmpty() && !line.startsWith("#")) {
                    published.add(line.split("[{ ]", 2)[0]);
                }
            }

            assertThat(published).containsAll(used);
        }
    }

    private static Set<String> selectors(Path file) throws IOException {
        Set<String> names = new TreeSet<>();
        Matcher m = SELECTOR.matcher(Files.readString(file));
        while (m.find()) {
            names.add(m.group(1));
        }
        return names;
    }
}
