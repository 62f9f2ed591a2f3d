package io.keygate.http;

import io.keygate.limit.Limit;
import io.keygate.limit.WindowState;
import io.keygate.testing.MutableClock;
import jakarta.servlet.http.HttpServletResponse;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.anyString;
import static org.mockito.Mockito.doAnswer;
import static org.mockito.Mockito.mock;

/**
 * The rate-limit headers keep their values when the responder reuses the text of a repeated limit or reset time:
 * every response carries the numbers of its own window, also after the window, the plan or the limit changes.
 */
class ResponderHeadersTest {

    private final MutableClock clock = MutableClock.at(Instant.ofEpochSecond(1_800_000_000L));

    private static Map<String, String> write(Responder responder, WindowState window, String plan) {
        Map<String, String> headers = new LinkedHashMap<>();
        HttpServletResponse response = mock(HttpServletResponse.class);
        doAnswer(inv -> headers.put(inv.getArgument(0), inv.getArgument(1))).when(response)
                .addHeader(anyString(), anyString());
        responder.rateLimitHeaders(response, window, plan);
        return headers;
    }

    private Responder responder(HeaderDialect dialect) {
        return new Responder(HttpSettings.builder().rateLimitHeaders(dialect).build(), List.of(), clock);
    }

    @Test
    void rateLimitHeadersWhenWindowsAndLimitsAlternateThenEachResponseCarriesItsOwnNumbers() {
        Responder responder = responder(HeaderDialect.EPOCH);
        Limit perMinute = new Limit(60, 60);
        Limit perHour = new Limit(1_000, 3600);

        Map<String, String> first = write(responder, new WindowState(perMinute, 59, 1_800_000_060L), "gold");
        Map<String, String> same = write(responder, new WindowState(perMinute, 58, 1_800_000_060L), "gold");
        Map<String, String> nextWindow = write(responder, new WindowState(perMinute, 59, 1_800_000_120L), "gold");
        Map<String, String> otherLimit = write(responder, new WindowState(perHour, 999, 1_800_003_600L), "gold");
        Map<String, String> back = write(responder, new WindowState(perMinute, 57, 1_800_000_120L), "gold");

        assertThat(first).containsExactly(Map.entry("RateLimit-Limit", "60"), Map.entry("RateLimit-Remaining", "59"),
                Map.entry("RateLimit-Reset", "1800000060"));
        assertThat(same).containsEntry("RateLimit-Remaining", "58").containsEntry("RateLimit-Reset", "1800000060");
        assertThat(nextWindow).containsEntry("RateLimit-Limit", "60").containsEntry("RateLimit-Reset", "1800000120");
        assertThat(otherLimit).containsEntry("RateLimit-Limit", "1000").containsEntry("RateLimit-Remaining", "999")
                .containsEntry("RateLimit-Reset", "1800003600");
        assertThat(back).containsEntry("RateLimit-Limit", "60").containsEntry("RateLimit-Reset", "1800000120");
    }

    @Test
    void rateLimitHeadersWhenIsoDialectAndResetChangesThenResetIsTheNewInstant() {
        Responder responder = responder(HeaderDialect.X_ISO);
        Limit perMinute = new Limit(60, 60);

        Map<String, String> first = write(responder, new WindowState(perMinute, 10, 1_800_000_060L), "gold");
        Map<String, String> second = write(responder, new WindowState(perMinute, 59, 1_800_000_120L), "gold");

        assertThat(first).containsEntry("X-RateLimit-Reset", "2027-01-15T08:01:00Z");
        assertThat(second).containsEntry("X-RateLimit-Reset", "2027-01-15T08:02:00Z")
                .containsEntry("X-RateLimit-Limit", "60").containsEntry("X-RateLimit-Remaining", "59");
    }
}
