package io.keygate.sample.it;

import io.keygate.testing.containers.ServletContainer;
import io.keygate.testing.containers.TomcatContainer;
import io.keygate.testing.containers.JettyContainer;
import io.keygate.keys.Environment;
import io.keygate.keys.KeyFormat;
import org.junit.jupiter.api.Test;

import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;

import static org.assertj.core.api.Assertions.assertThat;

/** A deployment with a bad bootstrap key fails with a message that says why, without echoing the key. */
class BadConfigurationIT {

    @Test
    void malformedBootstrapKeyFailsDeploymentInTomcatWithAReasonAndNeverTheKey() throws Exception {
        String live = KeyFormat.standard().generate(Environment.LIVE).plaintext();
        // a well-formed key with one character changed: the checksum no longer matches
        String bad = live.substring(0, 10) + (live.charAt(10) == 'A' ? 'B' : 'A') + live.substring(11);
        try (ServletContainer tomcat = TomcatContainer.tomcat11()) {
            Deployment failed = deployWithBootstrapKey(tomcat, bad, "Server startup in");
            assertThat(failed.log()).contains(
                    "keygate sample: cannot start: KEYGATE_BOOTSTRAP_KEY is not a well-formed keygate key");
            assertThat(failed.healthStatus()).as("Tomcat does not serve a context that failed to start").isEqualTo(404);
        }
    }

    @Test
    void testKeyAsBootstrapKeyFailsDeploymentInJettyWithAReasonAndNeverTheKey() throws Exception {
        String test = KeyFormat.standard().generate(Environment.TEST).plaintext();
        try (ServletContainer jetty = JettyContainer.jetty12()) {
            Deployment failed = deployWithBootstrapKey(jetty, test, "Started oejs.Server");
            assertThat(failed.log()).contains("KEYGATE_BOOTSTRAP_KEY is a test key");
            assertThat(failed.healthStatus()).as("Jetty does not serve a context that failed to start").isIn(404, 503);
        }
    }

    private record Deployment(String log, int healthStatus) {
    }

    /** Deploys with the given key, waits for the container's started line, stops it; the key must not be logged. */
    private static Deployment deployWithBootstrapKey(ServletContainer container, String key, String startedLine)
            throws Exception {
        container.env("KEYGATE_BOOTSTRAP_KEY", key);
        container.systemProperty("keygate.jdbc.url", "jdbc:h2:file:" + container.base().resolve("db/keygate"));
        container.startExpectingLog(startedLine);
        int health = HttpClient.newHttpClient().send(HttpRequest.newBuilder(container.uri("/health")).build(),
                HttpResponse.BodyHandlers.ofString()).statusCode();
        container.stop();
        String log = container.logText();
        assertThat(log).doesNotContain(key);
        return new Deployment(log, health);
    }
}
