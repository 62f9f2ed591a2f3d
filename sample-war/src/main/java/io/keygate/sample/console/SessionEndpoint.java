package io.keygate.sample.console;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.databind.JsonNode;
import io.keygate.Keygate;
import io.keygate.http.HttpAuthenticator;
import io.keygate.http.Responses;
import io.keygate.keys.ApiKey;
import io.keygate.keys.Permission;
import io.keygate.keys.PresentedKey;
import io.keygate.sample.rest.Errors;
import io.keygate.sample.rest.JsonSupport;
import io.keygate.service.Actor;
import io.keygate.store.AuditEvent;
import io.keygate.verify.AuthOutcome;
import io.keygate.verify.Credential;
import io.keygate.verify.VerifiedKey;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import java.io.IOException;
import java.lang.System.Logger.Level;
import java.time.Clock;
import java.util.Iterator;
import java.util.Locale;
import java.util.Objects;
import java.util.function.Supplier;

/**
 * {@code /console/api/session}: sign-in ({@code POST}), the current session ({@code GET}) and sign-out
 * ({@code DELETE}); and the check every console call starts with ({@link #signedIn}).
 *
 * <p>Sign-in verifies the pasted key through the keygate filter's own engine ({@link HttpAuthenticator#engine()}),
 * exactly as if it had come in an {@code Authorization} header: a failed attempt counts toward the failed-auth limit
 * of the client address (and a blocked address gets the filter's 429), expiry, revocation and the organization's plan
 * apply, the key's rate limit counts the sign-in, and its last use moves. The console then asks for the {@code admin}
 * permission itself.
 *
 * <p>Every later call re-reads the session's key by id from the store (not from a node's cache), so a key revoked or
 * expired anywhere ends its console sessions on every node at their next call.
 */
final class SessionEndpoint {

    /** Longest sign-in body read: a key is at most a few hundred characters. */
    static final int MAX_BODY_BYTES = 4096;
    static final String CSRF_HEADER = "X-CSRF-Token";

    private static final System.Logger LOG = System.getLogger(SessionEndpoint.class.getName());

    private final Keygate keygate;
    private final SessionStore sessions;
    private final Clock clock;

    SessionEndpoint(Keygate keygate, SessionStore sessions, Clock clock) {
        this.keygate = Objects.requireNonNull(keygate, "keygate cannot be null");
        this.sessions = Objects.requireNonNull(sessions, "sessions cannot be null");
        this.clock = Objects.requireNonNull(clock, "clock cannot be null");
    }

    void handle(HttpServletRequest request, HttpServletResponse response, HttpAuthenticator http) throws IOException {
        switch (request.getMethod()) {
            case "POST" -> signIn(request, response, http);
            case "GET", "HEAD" -> current(request, response);
            case "DELETE" -> signOut(request, response);
            default -> {
                response.setHeader("Allow", "DELETE, GET, HEAD, POST");
                ConsoleAnswers.error(request, response, 405, Errors.METHOD_NOT_ALLOWED,
                        "this method is not supported here; allowed: DELETE, GET, HEAD, POST");
            }
        }
    }

    // ---- sign-in ----

    private void signIn(HttpServletRequest request, HttpServletResponse response, HttpAuthenticator http)
            throws IOException {
        if (!isJson(request.getContentType())) {
            ConsoleAnswers.error(request, response, 415, Errors.UNSUPPORTED_MEDIA_TYPE,
                    "Content-Type must be application/json: send {\"key\": \"<admin key>\"}");
            return;
        }
        byte[] body = request.getInputStream().readNBytes(MAX_BODY_BYTES + 1);
        if (body.length > MAX_BODY_BYTES) {
            ConsoleAnswers.error(request, response, 413, Errors.PAYLOAD_TOO_LARGE,
                    "the request body must be at most " + MAX_BODY_BYTES + " bytes");
            return;
        }
        String problem;
        String key = null;
        try {
            JsonNode json = JsonSupport.mapper().readTree(body);
            problem = bodyProblem(json);
            if (problem == null) {
                key = json.get("key").textValue().strip();
            }
        } catch (JacksonException e) {
            // never the parser's message: it may quote the body, and the body holds a key
            problem = "the body is not valid JSON; send {\"key\": \"<admin key>\"}";
        }
        if (problem != null) {
            ConsoleAnswers.error(request, response, 400, Errors.INVALID_REQUEST, problem);
            return;
        }
        if (!isBearerShaped(key)) {
            // what the filter would not even read from a header: invalid, without the engine
            http.respond(response, new AuthOutcome.Invalid(AuthOutcome.Invalid.Reason.MALFORMED));
            return;
        }
        String plaintext = key;
        AuthOutcome outcome = http.engine().authenticate(new Credential.Bearer(key),
                () -> http.clientAddress(request), HttpAuthenticator.path(request), request.getMethod());
        // denials of a key that is valid (plan, permission, restriction, rate limit) are audited as refused sign-ins;
        // unknown, malformed, revoked and expired keys, and blocked addresses, are answered only (like the filter)
        if (outcome instanceof AuthOutcome.Authenticated ok) {
            admitted(request, response, http, ok);
        } else if (outcome instanceof AuthOutcome.PermissionDenied
                || outcome instanceof AuthOutcome.RestrictionDenied) {
            auditDenied(request, () -> byPlaintext(plaintext));
            forbidden(request, response, ConsoleAnswers.NEEDS_ADMIN);
        } else if (outcome instanceof AuthOutcome.PlanDenied) {
            auditDenied(request, () -> byPlaintext(plaintext));
            http.respond(response, outcome);
        } else if (outcome instanceof AuthOutcome.RateLimited limited) {
            auditDenied(request, () -> byId(limited.key()));
            http.respond(response, outcome);
        } else {
            http.respond(response, outcome);
        }
    }

    private void admitted(HttpServletRequest request, HttpServletResponse response, HttpAuthenticator http,
                          AuthOutcome.Authenticated ok) throws IOException {
        ApiKey key = byId(ok.key());
        if (key == null || key.statusAt(clock.instant()) != ApiKey.Status.ACTIVE) {
            // revoked between the engine's check and now
            http.respond(response, new AuthOutcome.Invalid(AuthOutcome.Invalid.Reason.REVOKED));
            return;
        }
        if (!key.effectivePermissions().contains(Permission.ADMIN)) {
            auditDenied(request, () -> key);
            forbidden(request, response, ConsoleAnswers.NEEDS_ADMIN);
            return;
        }
        Actor actor = Actor.of(key, request.getRemoteAddr());
        // the event first: a sign-in that cannot be audited (database down) does not happen
        keygate.audit().record(actor, AuditEvent.Action.CONSOLE_SIGN_IN, AuditEvent.Outcome.SUCCESS,
                AuditEvent.TargetType.KEY, key.id(), key.organizationId());
        // no fixation: whatever session the browser had is over, the new one has a new id
        sessions.end(ConsoleCookie.read(request));
        ConsoleSession session = sessions.create(key.id());
        ConsoleCookie.set(request, response, session.id());
        LOG.log(Level.INFO, "keygate console: key " + key.id() + " signed in");
        ConsoleAnswers.json(request, response, 200, view(session, key, actor));
    }

    /** Why the sign-in body is not {@code {"key": "<non-blank string>"}}, naming the field; null when it is. */
    static String bodyProblem(JsonNode json) {
        if (json == null || !json.isObject()) {
            return "the body must be a JSON object: {\"key\": \"<admin key>\"}";
        }
        for (Iterator<String> names = json.fieldNames(); names.hasNext(); ) {
            String name = names.next();
            if (!"key".equals(name)) {
                return name + ": unknown field; the body has only 'key'";
            }
        }
        JsonNode key = json.get("key");
        if (key == null || key.isNull()) {
            return "key: required, the admin API key to sign in with";
        }
        if (!key.isTextual()) {
            return "key: must be a string";
        }
        if (key.textValue().isBlank()) {
            return "key: must not be blank";
        }
        return null;
    }

    /**
     * What an adapter may hand the engine as an API key: 1..256 printable ASCII characters, no space (the filter's
     * rule for a non-JWS bearer credential). A token exchanged for a key (a JWS, always longer) is refused here as
     * invalid: the console signs in with API keys only.
     */
    static boolean isBearerShaped(String key) {
        if (key.isEmpty() || key.length() > Credential.MAX_TOKEN_LENGTH) {
            return false;
        }
        for (int i = 0; i < key.length(); i++) {
            char c = key.charAt(i);
            if (c < 0x21 || c > 0x7E) {
                return false;
            }
        }
        return true;
    }

    static boolean isJson(String contentType) {
        if (contentType == null) {
            return false;
        }
        int semicolon = contentType.indexOf(';');
        String type = (semicolon < 0 ? contentType : contentType.substring(0, semicolon)).trim();
        return type.toLowerCase(Locale.ROOT).equals("application/json");
    }

    /** The key as stored now, by the id the engine verified. */
    private ApiKey byId(VerifiedKey verified) {
        return keygate.service().get(verified.id()).orElse(null);
    }

    /** The stored key of a plaintext the engine found but refused (plan, permission): for the audit event only. */
    private ApiKey byPlaintext(String plaintext) {
        PresentedKey presented = keygate.format().check(plaintext);
        return presented == null ? null : keygate.store().findByHash(presented.hash()).orElse(null);
    }

    /**
     * {@code console.sign_in} refused for a valid key. The refusal stands even if the key cannot be read or the event
     * cannot be written (the database failing just now): logged, never answered as a failure of the sign-in's own.
     */
    private void auditDenied(HttpServletRequest request, Supplier<ApiKey> refused) {
        ApiKey key = null;
        try {
            key = refused.get();
            if (key != null) {
                keygate.audit().record(Actor.of(key, request.getRemoteAddr()), AuditEvent.Action.CONSOLE_SIGN_IN,
                        AuditEvent.Outcome.DENIED, AuditEvent.TargetType.KEY, key.id(), key.organizationId());
            }
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "keygate console: a refused sign-in" + (key == null ? "" : " of key " + key.id())
                    + " could not be audited: " + e.getClass().getSimpleName());
        }
    }

    private static void forbidden(HttpServletRequest request, HttpServletResponse response, String detail)
            throws IOException {
        ConsoleAnswers.error(request, response, 403, Responses.FORBIDDEN, detail);
    }

    // ---- the session of a call ----

    /**
     * The live session of this call and its key, still active; or null after answering 401 (no session, session
     * expired, key no longer active: the session is ended and the cookie cleared).
     */
    Acting signedIn(HttpServletRequest request, HttpServletResponse response) throws IOException {
        String id = ConsoleCookie.read(request);
        SessionStore.Lookup lookup = sessions.find(id);
        if (lookup instanceof SessionStore.Lookup.Active active) {
            ApiKey key = keygate.service().get(active.session().keyId()).orElse(null);
            if (key != null && key.statusAt(clock.instant()) == ApiKey.Status.ACTIVE) {
                return new Acting(active.session(), key);
            }
            sessions.end(id);
            unauthorized(request, response, ConsoleAnswers.KEY_INACTIVE);
            return null;
        }
        unauthorized(request, response, lookup instanceof SessionStore.Lookup.Expired
                ? ConsoleAnswers.SESSION_EXPIRED : ConsoleAnswers.NO_SESSION);
        return null;
    }

    private static void unauthorized(HttpServletRequest request, HttpServletResponse response, String detail)
            throws IOException {
        if (ConsoleCookie.read(request) != null) {
            ConsoleCookie.clear(request, response);
        }
        ConsoleAnswers.error(request, response, 401, Responses.AUTH_FAILED, detail);
    }

    /**
     * Whether a call may go on as far as CSRF goes: reading methods always; any other method only with the session's
     * token in {@value #CSRF_HEADER}. Answers 403 when not.
     */
    static boolean csrfChecked(HttpServletRequest request, HttpServletResponse response, ConsoleSession session)
            throws IOException {
        String method = request.getMethod();
        if ("GET".equals(method) || "HEAD".equals(method) || "OPTIONS".equals(method)) {
            return true;
        }
        if (SessionStore.csrfMatches(session, request.getHeader(CSRF_HEADER))) {
            return true;
        }
        forbidden(request, response, ConsoleAnswers.CSRF);
        return false;
    }

    private void current(HttpServletRequest request, HttpServletResponse response) throws IOException {
        Acting acting = signedIn(request, response);
        if (acting != null) {
            Actor actor = Actor.of(acting.key(), request.getRemoteAddr());
            ConsoleAnswers.json(request, response, 200, view(acting.session(), acting.key(), actor));
        }
    }

    private void signOut(HttpServletRequest request, HttpServletResponse response) throws IOException {
        Acting acting = signedIn(request, response);
        if (acting == null || !csrfChecked(request, response, acting.session())) {
            return;
        }
        ApiKey key = acting.key();
        keygate.audit().record(Actor.of(key, request.getRemoteAddr()), AuditEvent.Action.CONSOLE_SIGN_OUT,
                AuditEvent.Outcome.SUCCESS, AuditEvent.TargetType.KEY, key.id(), key.organizationId());
        sessions.end(acting.session().id());
        ConsoleCookie.clear(request, response);
        response.setStatus(204);
        LOG.log(Level.INFO, "keygate console: key " + key.id() + " signed out");
    }

    private SessionView view(ConsoleSession session, ApiKey key, Actor actor) {
        return SessionView.of(session, key, keygate.service().isPlatformAdmin(actor), sessions.settings());
    }
}
