package io.keygate.jakarta.it;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** A bad keygate setting fails the deployment with a message naming the key, the value and the rule. */
class PayaraMicroBadConfigurationIT {

    @Test
    void badMicroProfileConfigValueFailsTheDeploymentWithAMessageNamingIt() {
        try (JakartaServer server = new PayaraMicro()) {
            server.startExpectingLog(Map.of("keygate.auth.cache-max-size", "lots"),
                    "'lots' is wrong value for cache-max-size, because it must be a whole number");

            assertThat(server.logText()).contains("keygate.auth.");
            // the server comes up without the application: its paths are not found
            await("the server answering").atMost(JakartaServer.START_TIMEOUT).pollInterval(Duration.ofMillis(500))
                    .until(() -> server.status("/health") != -1);
            assertThat(server.status("/health")).isEqualTo(404);
            assertThat(server.status("/api/caller/public")).isEqualTo(404);
        }
    }
}
