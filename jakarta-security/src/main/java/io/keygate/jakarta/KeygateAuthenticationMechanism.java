package io.keygate.jakarta;

import io.keygate.Keygate;
import io.keygate.http.AuthSettings;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.Initialized;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.Instance;
import jakarta.inject.Inject;
import jakarta.security.enterprise.AuthenticationStatus;
import jakarta.security.enterprise.authentication.mechanism.http.HttpAuthenticationMechanism;
import jakarta.security.enterprise.authentication.mechanism.http.HttpMessageContext;
import jakarta.servlet.ServletContext;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.lang.System.Logger.Level;
import java.util.Optional;

/**
 * keygate as the application's Jakarta Security authentication mechanism: {@code Authorization: Bearer <key>}
 * checked by keygate's pipeline (the filter's order of decisions, bodies, headers, limits, metrics), and on
 * success the container is told the caller: the key's {@code ApiKeyPrincipal} (its name is the key id) with the
 * groups of {@link KeygateGroups}, so {@code @RolesAllowed} on EJBs, {@code SecurityContext.isCallerInRole},
 * {@code getCallerPrincipal()} and {@code HttpServletRequest.isUserInRole} all see the key.
 *
 * <h2>Which requests need a key</h2>
 * Jakarta Security calls the mechanism for every request. keygate judges a request when
 * <ul>
 *   <li>the container says the resource is protected (a security constraint in {@code web.xml} or
 *       {@code @ServletSecurity}), or the application asks for authentication ({@code SecurityContext.authenticate}):
 *       without a key the answer is keygate's 401;</li>
 *   <li>or the request presents a credential ({@code Authorization} header, or a key in the query string) anywhere:
 *       a bad key is refused even on a public resource (RFC 6750), a good one makes the request authenticated.</li>
 * </ul>
 * Other requests go on anonymously: public resources stay public. JAX-RS resources and EJBs guarded by
 * {@code @RolesAllowed} are invisible to the container's "protected" test; for them the module's JAX-RS providers
 * answer an anonymous caller with keygate's 401 (see {@code io.keygate.jakarta.rs}). Paths in {@code exclude-paths}
 * are never judged, even with a key.
 *
 * <h2>Deployment notes</h2>
 * <ul>
 *   <li>The application produces the {@link Keygate} the mechanism uses, once:
 *       {@code @Produces @Singleton Keygate keygate()} with a disposer that closes it. A missing or ambiguous bean
 *       fails the deployment.</li>
 *   <li>Settings: see {@link KeygateSettings}.</li>
 *   <li>It must be the application's only {@code HttpAuthenticationMechanism}.</li>
 *   <li>The container must map groups to roles of the same name (the default on Payara and on WildFly's Jakarta
 *       Security integration).</li>
 * </ul>
 */
@ApplicationScoped
public class KeygateAuthenticationMechanism implements HttpAuthenticationMechanism {

    private static final System.Logger LOG = System.getLogger(KeygateAuthenticationMechanism.class.getName());
    /** The most of an unread request body read and dropped after a rejection (see {@link #endResponse}). */
    static final int MAX_DRAINED_BYTES = 64 * 1024;

    @Inject
    Instance<Keygate> keygates;

    @Inject
    Instance<AuthSettings> settingsBeans;

    private volatile KeygateHttpAuthentication authentication;

    /** Starts keygate when the application starts, so a missing Keygate or a bad setting fails the deployment. */
    void onStart(@Observes @Initialized(ApplicationScoped.class) Object event) {
        started(event instanceof ServletContext context ? context : null);
    }

    @Override
    public AuthenticationStatus validateRequest(HttpServletRequest request, HttpServletResponse response,
                                                HttpMessageContext context) {
        KeygateHttpAuthentication pipeline = started(request.getServletContext());
        if (!context.isProtected() && !context.isAuthenticationRequest() && !pipeline.presentsCredential(request)) {
            return context.doNothing();
        }
        KeygateHttpAuthentication.Result result;
        try {
            result = pipeline.authenticate(request, response);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        if (result instanceof KeygateHttpAuthentication.Result.Authenticated ok) {
            return context.notifyContainerAboutLogin(ok.principal(), KeygateGroups.of(ok.principal()));
        }
        if (result instanceof KeygateHttpAuthentication.Result.Rejected) {
            // keygate's response is written; responseUnauthorized() would replace it with the container's page
            try {
                endResponse(request, response);
            } catch (IOException e) {
                LOG.log(Level.DEBUG, "could not end a rejection response: " + e);
            }
            return AuthenticationStatus.SEND_FAILURE;
        }
        return context.doNothing();
    }

    /**
     * Ends keygate's error response, so that nothing the container does after a failed authentication can replace
     * it: Undertow (WildFly) calls {@code sendError(status)} unless the exchange is complete, which would swap
     * keygate's JSON for the server's error page (or, once committed, log an error). The exchange is complete when
     * the response is closed and the request body read: a small unread body is read and dropped here, at most
     * {@value #MAX_DRAINED_BYTES} bytes, and never from a client that waits for {@code 100 Continue}.
     */
    static void endResponse(HttpServletRequest request, HttpServletResponse response) throws IOException {
        response.flushBuffer();
        response.getOutputStream().close();
        long length = request.getContentLengthLong();
        boolean chunked = length < 0 && request.getHeader("Transfer-Encoding") != null;
        if ((length > 0 && length <= MAX_DRAINED_BYTES || chunked) && request.getHeader("Expect") == null) {
            InputStream body = request.getInputStream();
            byte[] buffer = new byte[8192];
            long left = MAX_DRAINED_BYTES;
            int n;
            while (left > 0 && (n = body.read(buffer, 0, (int) Math.min(buffer.length, left))) > 0) {
                left -= n;
            }
        }
    }

    /** The settings in effect (after start). */
    public AuthSettings settings() {
        return started(null).settings();
    }

    private KeygateHttpAuthentication started(ServletContext servletContext) {
        KeygateHttpAuthentication current = authentication;
        if (current != null) {
            return current;
        }
        synchronized (this) {
            if (authentication == null) {
                authentication = start(servletContext);
            }
            return authentication;
        }
    }

    private KeygateHttpAuthentication start(ServletContext servletContext) {
        if (keygates.isUnsatisfied()) {
            throw fail("keygate-jakarta-security needs the application's Keygate as a CDI bean: add a producer "
                    + "'@Produces @Singleton Keygate keygate()' (and a disposer that closes it)");
        }
        if (keygates.isAmbiguous()) {
            throw fail("keygate-jakarta-security found more than one Keygate CDI bean: produce exactly one");
        }
        if (settingsBeans.isAmbiguous()) {
            throw fail("keygate-jakarta-security found more than one AuthSettings CDI bean: produce at most one");
        }
        KeygateSettings.Resolved resolved;
        try {
            Optional<java.util.function.Supplier<AuthSettings>> bean = settingsBeans.isResolvable()
                    ? Optional.of(settingsBeans::get) : Optional.empty();
            resolved = KeygateSettings.resolve(bean, applicationClassLoader());
        } catch (IllegalArgumentException e) {
            throw fail(e.getMessage());
        }
        KeygateHttpAuthentication started = new KeygateHttpAuthentication(keygates.get(), resolved.settings());
        LOG.log(Level.INFO, "keygate-jakarta-security: HttpAuthenticationMechanism ready, settings from "
                + resolved.source());
        return started;
    }

    private static ClassLoader applicationClassLoader() {
        ClassLoader context = Thread.currentThread().getContextClassLoader();
        return context != null ? context : KeygateAuthenticationMechanism.class.getClassLoader();
    }

    private static IllegalStateException fail(String message) {
        LOG.log(Level.ERROR, message);
        return new IllegalStateException(message);
    }

    @PreDestroy
    void stop() {
        KeygateHttpAuthentication current = authentication;
        if (current != null) {
            current.close();
        }
    }
}
