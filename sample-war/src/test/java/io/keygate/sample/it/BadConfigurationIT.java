package io.keygate.sample.it;

import io.keygate.keys.Environment;
import io.keygate.keys.KeyFormat;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;

import static org.assertj.core.api.Assertions.assertThat;

/** A deployment with a bad bootstrap key fails with a message that says why, without echoing the key. */
class BadConfigurationIT {

    @Test
    void malformedBootstrapKeyFailsDeploymentWithAReasonAndNeverTheKey() throws Exception {
        String live = KeyFormat.standard().generate(Environment.LIVE).plaintext();
        // a well-formed key with one character changed: the checksum no longer matches
        String bad = live.substring(0, 10) + (live.charAt(10) == 'A' ? 'B' : 'A') + live.substring(11);
        try (ServletContainer tomcat = TomcatContainer.tomcat11()) {
            tomcat.env("KEYGATE_BOOTSTRAP_KEY", bad);
            tomcat.systemProperty("keygate.jdbc.url", "jdbc:h2:file:" + tomcat.base.resolve("db/keygate") + ";AUTO_SERVER=FALSE");
            tomcat.startExpectingLog("Server startup in");
            String log = tomcat.logText();
            assertThat(log).contains("keygate sample: cannot start: KEYGATE_BOOTSTRAP_KEY is not a well-formed keygate key");
            assertThat(log).doesNotContain(bad);
            HttpResponse<String> health = HttpClient.newHttpClient().send(
                    HttpRequest.newBuilder(tomcat.uri("/health")).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(health.statusCode()).as("the failed application must not serve").isEqualTo(404);
            tomcat.stop();
        }
    }

    @Test
    void testKeyAsBootstrapKeyIsRefused() throws Exception {
        String test = KeyFormat.standard().generate(Environment.TEST).plaintext();
        try (ServletContainer jetty = JettyContainer.jetty12()) {
            jetty.env("KEYGATE_BOOTSTRAP_KEY", test);
            jetty.systemProperty("keygate.jdbc.url", "jdbc:h2:file:" + jetty.base.resolve("db/keygate") + ";AUTO_SERVER=FALSE");
            jetty.startExpectingLog("Started oejs.Server");
            String log = jetty.logText();
            assertThat(log).contains("KEYGATE_BOOTSTRAP_KEY is a test key");
            assertThat(log).doesNotContain(test);
            HttpResponse<String> health = HttpClient.newHttpClient().send(
                    HttpRequest.newBuilder(URI.create(jetty.uri("/health").toString())).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(health.statusCode()).isIn(404, 503);
            jetty.stop();
        }
    }
}
