package io.keygate.jakarta;

import io.keygate.Keygate;
import io.keygate.http.ApiKeyPrincipal;
import io.keygate.http.AuthSettings;
import io.keygate.keys.Owner;
import io.keygate.keys.Permission;
import io.keygate.service.CreatedKey;
import io.keygate.service.NewKey;
import io.keygate.store.InMemoryApiKeyStore;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import jakarta.enterprise.inject.Instance;
import jakarta.security.enterprise.AuthenticationStatus;
import jakarta.security.enterprise.authentication.mechanism.http.HttpMessageContext;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.mockito.ArgumentCaptor;

import java.security.Principal;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anySet;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;

class KeygateAuthenticationMechanismTest {

    private final Keygate keygate = Keygate.builder().store(new InMemoryApiKeyStore())
            .meterRegistry(new SimpleMeterRegistry()).build();
    private final KeygateAuthenticationMechanism mechanism = new KeygateAuthenticationMechanism();
    private final HttpMessageContext context = mock(HttpMessageContext.class);

    @SuppressWarnings("unchecked")
    KeygateAuthenticationMechanismTest() {
        mechanism.keygates = instance(keygate);
        mechanism.settingsBeans = instance(AuthSettings.builder().realm("test").build());
        when(context.doNothing()).thenReturn(AuthenticationStatus.NOT_DONE);
        when(context.notifyContainerAboutLogin(any(Principal.class), anySet())).thenReturn(AuthenticationStatus.SUCCESS);
    }

    @SuppressWarnings("unchecked")
    private static <T> Instance<T> instance(T value) {
        Instance<T> instance = mock(Instance.class);
        when(instance.isUnsatisfied()).thenReturn(value == null);
        when(instance.isAmbiguous()).thenReturn(false);
        when(instance.isResolvable()).thenReturn(value != null);
        when(instance.get()).thenReturn(value);
        return instance;
    }

    @AfterEach
    void stop() {
        mechanism.stop();
        keygate.close();
    }

    @Test
    void validateRequestWhenUnprotectedAndNoCredentialThenDoNothingAndNothingWritten() {
        Requests.Recorded response = new Requests.Recorded();

        AuthenticationStatus status = mechanism.validateRequest(Requests.get("/public", null), response.response, context);

        assertThat(status).isEqualTo(AuthenticationStatus.NOT_DONE);
        assertThat(response.status).isEqualTo(200);
        assertThat(response.headers).isEmpty();
    }

    @Test
    void validateRequestWhenProtectedAndNoCredentialThenSendFailureWithKeygates401() {
        when(context.isProtected()).thenReturn(true);
        Requests.Recorded response = new Requests.Recorded();

        AuthenticationStatus status = mechanism.validateRequest(Requests.get("/secret", null), response.response, context);

        assertThat(status).isEqualTo(AuthenticationStatus.SEND_FAILURE);
        assertThat(response.status).isEqualTo(401);
        assertThat(response.headers).containsEntry("WWW-Authenticate", "Bearer realm=\"test\"");
        assertThat(response.closed).as("response ended, so the container cannot replace it").isTrue();
        verify(context, never()).responseUnauthorized();
    }

    @Test
    void validateRequestWhenAuthenticationRequestedProgrammaticallyThenAKeyIsRequired() {
        when(context.isAuthenticationRequest()).thenReturn(true);
        Requests.Recorded response = new Requests.Recorded();

        assertThat(mechanism.validateRequest(Requests.get("/public", null), response.response, context))
                .isEqualTo(AuthenticationStatus.SEND_FAILURE);
        assertThat(response.status).isEqualTo(401);
    }

    @Test
    void validateRequestWhenBadKeyOnUnprotectedResourceThenSendFailureWith401Invalid() {
        Requests.Recorded response = new Requests.Recorded();

        AuthenticationStatus status = mechanism.validateRequest(
                Requests.get("/public", null, "Bearer sk_live_nope"), response.response, context);

        assertThat(status).isEqualTo(AuthenticationStatus.SEND_FAILURE);
        assertThat(response.status).isEqualTo(401);
        assertThat(response.body()).contains("Invalid or inactive API key.");
    }

    @Test
    @SuppressWarnings("unchecked")
    void validateRequestWhenKeyValidThenContainerLearnsThePrincipalAndGroups() {
        CreatedKey created = keygate.service().create(NewKey.builder("acme", Owner.user("u1")).teamId("billing")
                .permissions(Permission.WRITE).build());

        AuthenticationStatus status = mechanism.validateRequest(
                Requests.get("/api/x", null, "Bearer " + created.plaintext()), new Requests.Recorded().response, context);

        assertThat(status).isEqualTo(AuthenticationStatus.SUCCESS);
        ArgumentCaptor<Principal> principal = ArgumentCaptor.forClass(Principal.class);
        ArgumentCaptor<Set<String>> groups = ArgumentCaptor.forClass(Set.class);
        verify(context).notifyContainerAboutLogin(principal.capture(), groups.capture());
        assertThat(principal.getValue()).isInstanceOf(ApiKeyPrincipal.class);
        assertThat(principal.getValue().getName()).isEqualTo(created.key().id());
        assertThat(groups.getValue()).containsExactlyInAnyOrder("read", "write", "org:acme", "team:billing");
    }

    @Test
    void endResponseReadsASmallUnreadRequestBodySoTheExchangeIsComplete() throws Exception {
        jakarta.servlet.http.HttpServletRequest request = Requests.get("/x", null);
        java.io.ByteArrayInputStream body = new java.io.ByteArrayInputStream(new byte[1000]);
        when(request.getContentLengthLong()).thenReturn(1000L);
        when(request.getInputStream()).thenReturn(Requests.input(body));
        Requests.Recorded response = new Requests.Recorded();

        KeygateAuthenticationMechanism.endResponse(request, response.response);

        assertThat(body.available()).isZero();
        assertThat(response.closed).isTrue();
    }

    @Test
    void endResponseLeavesALargeBodyOrOneBehind100ContinueUnread() throws Exception {
        jakarta.servlet.http.HttpServletRequest large = Requests.get("/x", null);
        when(large.getContentLengthLong()).thenReturn(KeygateAuthenticationMechanism.MAX_DRAINED_BYTES + 1L);
        jakarta.servlet.http.HttpServletRequest waiting = Requests.get("/x", null);
        when(waiting.getContentLengthLong()).thenReturn(10L);
        when(waiting.getHeader("Expect")).thenReturn("100-continue");

        KeygateAuthenticationMechanism.endResponse(large, new Requests.Recorded().response);
        KeygateAuthenticationMechanism.endResponse(waiting, new Requests.Recorded().response);

        verify(large, never()).getInputStream();
        verify(waiting, never()).getInputStream();
    }

    @Test
    void startWhenApplicationProducesNoKeygateThenFailsNamingTheProducer() {
        mechanism.keygates = instance(null);

        assertThatThrownBy(() -> mechanism.onStart(new Object()))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("@Produces @Singleton Keygate keygate()");
    }

    @Test
    @SuppressWarnings("unchecked")
    void startWhenTwoKeygatesThenFailsSayingSo() {
        Instance<Keygate> two = mock(Instance.class);
        when(two.isAmbiguous()).thenReturn(true);
        mechanism.keygates = two;

        assertThatThrownBy(() -> mechanism.onStart(new Object()))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("more than one Keygate");
    }
}
