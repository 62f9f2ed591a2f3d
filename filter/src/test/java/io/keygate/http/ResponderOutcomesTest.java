package io.keygate.http;

import io.keygate.keys.Permission;
import io.keygate.limit.Limit;
import io.keygate.limit.WindowState;
import io.keygate.verify.AuthOutcome;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.time.Clock;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.verify;

/**
 * Every kind of outcome has its answer: the responder's switch expressions do not compile without a case for a new
 * kind; this test checks each case answers the contract's status.
 */
class ResponderOutcomesTest {

    private static final Map<AuthOutcome.Kind, Integer> CONTRACT_STATUS = Map.ofEntries(
            Map.entry(AuthOutcome.Kind.KEY_IN_URL, 400), Map.entry(AuthOutcome.Kind.MISSING, 401),
            Map.entry(AuthOutcome.Kind.INVALID, 401), Map.entry(AuthOutcome.Kind.REVOKED, 401),
            Map.entry(AuthOutcome.Kind.EXPIRED, 401), Map.entry(AuthOutcome.Kind.PLAN_DENIED, 403),
            Map.entry(AuthOutcome.Kind.RESTRICTION_DENIED, 403), Map.entry(AuthOutcome.Kind.PERMISSION_DENIED, 403),
            Map.entry(AuthOutcome.Kind.RATE_LIMITED, 429), Map.entry(AuthOutcome.Kind.BLOCKED, 429),
            Map.entry(AuthOutcome.Kind.UNAVAILABLE, 503), Map.entry(AuthOutcome.Kind.AUTHENTICATED, 200));

    private final Responder responder = new Responder(HttpSettings.defaults(), List.of("workflow"), Clock.systemUTC());

    static AuthOutcome sample(AuthOutcome.Kind kind) {
        WindowState window = new WindowState(new Limit(10, 60), 0, 60);
        return switch (kind) {
            case KEY_IN_URL -> new AuthOutcome.KeyInUrl();
            case MISSING -> new AuthOutcome.Missing(false);
            case BLOCKED -> new AuthOutcome.Blocked(7);
            case INVALID -> new AuthOutcome.Invalid(AuthOutcome.Invalid.Reason.UNKNOWN);
            case REVOKED -> new AuthOutcome.Invalid(AuthOutcome.Invalid.Reason.REVOKED);
            case EXPIRED -> new AuthOutcome.Expired();
            case UNAVAILABLE -> new AuthOutcome.Unavailable(5);
            case PLAN_DENIED -> new AuthOutcome.PlanDenied();
            case RESTRICTION_DENIED -> new AuthOutcome.RestrictionDenied("workflow");
            case PERMISSION_DENIED -> new AuthOutcome.PermissionDenied(Permission.WRITE);
            case RATE_LIMITED -> new AuthOutcome.RateLimited(null, "free", window, 7);
            case AUTHENTICATED -> new AuthOutcome.Authenticated(null, "free", window);
        };
    }

    @ParameterizedTest
    @EnumSource(AuthOutcome.Kind.class)
    void rejectWhenEveryKindOfRejectionThenContractStatus(AuthOutcome.Kind kind) throws Exception {
        AuthOutcome outcome = sample(kind);
        assertThat(outcome.kind()).isEqualTo(kind);
        assertThat(Responder.status(kind)).isEqualTo(CONTRACT_STATUS.get(kind));
        if (kind == AuthOutcome.Kind.AUTHENTICATED) {
            assertThatThrownBy(() -> responder.reject(mock(jakarta.servlet.http.HttpServletResponse.class), outcome))
                    .isInstanceOf(IllegalStateException.class);
            return;
        }
        java.io.ByteArrayOutputStream body = new java.io.ByteArrayOutputStream();
        jakarta.servlet.http.HttpServletResponse response = mock(jakarta.servlet.http.HttpServletResponse.class);
        org.mockito.Mockito.when(response.getOutputStream()).thenReturn(new jakarta.servlet.ServletOutputStream() {
            @Override
            public boolean isReady() {
                return true;
            }

            @Override
            public void setWriteListener(jakarta.servlet.WriteListener listener) {
            }

            @Override
            public void write(int b) {
                body.write(b);
            }
        });
        responder.reject(response, outcome);
        verify(response).setStatus(CONTRACT_STATUS.get(kind));
        assertThat(body.toString(java.nio.charset.StandardCharsets.UTF_8)).startsWith("{\"error\":");
    }

    @Test
    void statusTableWhenComparedToKindsThenCoversEveryKind() {
        assertThat(CONTRACT_STATUS).containsOnlyKeys(AuthOutcome.Kind.values());
    }
}
