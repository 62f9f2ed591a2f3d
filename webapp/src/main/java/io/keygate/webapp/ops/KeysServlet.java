package io.keygate.webapp.ops;

import io.keygate.Keygate;
import io.keygate.http.ApiKeyPrincipal;
import io.keygate.keys.ApiKey;
import io.keygate.keys.Environment;
import io.keygate.keys.Permission;
import io.keygate.service.Actor;
import io.keygate.service.CreatedKey;
import io.keygate.service.ForbiddenException;
import io.keygate.service.NewKey;
import jakarta.json.Json;
import jakarta.json.JsonArray;
import jakarta.json.JsonException;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import jakarta.json.JsonReader;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import java.io.IOException;
import java.io.InputStream;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.EnumSet;
import java.util.Optional;
import java.util.Set;

/**
 * Key management for a {@code web.xml}-only application, so that the printed bootstrap admin key can make the keys
 * clients use without any code. Map it behind the filter and under its {@code admin-paths}:
 *
 * <pre>{@code
 * <servlet><servlet-name>keygate-keys</servlet-name>
 *   <servlet-class>io.keygate.webapp.ops.KeysServlet</servlet-class></servlet>
 * <servlet-mapping><servlet-name>keygate-keys</servlet-name><url-pattern>/keygate/keys/*</url-pattern></servlet-mapping>
 * }</pre>
 *
 * <ul>
 *   <li>{@code POST /keygate/keys} body {@code {"name", "permissions": ["read","write"], "environment": "live",
 *       "expires_at": "2027-01-01T00:00:00Z"}} (all optional) → 201 with the key object and, only here,
 *       {@code "key"}: the plaintext, {@code Cache-Control: no-store}.</li>
 *   <li>{@code GET /keygate/keys/{id}} → 200 key object; {@code DELETE /keygate/keys/{id}} → 204 (revoked now).</li>
 * </ul>
 *
 * Deliberately narrow: the caller needs {@code admin}; a new key belongs to the caller's organization and owner.
 * Every operation runs as the caller through the library's management rules (contract §7.1: never broader than the
 * caller — permissions, environment, team, restriction, expiry, rate limit are inherited or checked there) and
 * writes its audit event; a refusal is a 403 naming the rule. Keys of another organization are 404. For listing,
 * search, rotation and other organizations, use {@code Keygate.service()} in code or the sample's admin API.
 */
public class KeysServlet extends HttpServlet {

    static final String ALLOW_COLLECTION = "POST";
    static final String ALLOW_ITEM = "GET, HEAD, DELETE";
    static final int MAX_BODY_BYTES = 16 * 1024;

    @Override
    protected void service(HttpServletRequest request, HttpServletResponse response) throws IOException {
        String id = itemId(request);
        String method = request.getMethod();
        if (id == null && !"POST".equals(method)) {
            methodNotAllowed(response, ALLOW_COLLECTION);
            return;
        }
        if (id != null && !("GET".equals(method) || "HEAD".equals(method) || "DELETE".equals(method))) {
            methodNotAllowed(response, ALLOW_ITEM);
            return;
        }
        if (!(getServletContext().getAttribute(Keygate.CONTEXT_ATTRIBUTE) instanceof Keygate keygate)) {
            error(response, 503, "Service unavailable", "keygate is not running in this application");
            return;
        }
        if (!(request.getAttribute(ApiKeyPrincipal.REQUEST_ATTRIBUTE) instanceof ApiKeyPrincipal caller)
                || !caller.has(Permission.ADMIN)) {
            // not behind the filter, or not under its admin-paths: refuse rather than serve anonymously
            error(response, 403, "Forbidden", "key management needs an admin key: map this servlet behind "
                    + "ApiKeyAuthFilter and under its admin-paths");
            return;
        }
        if (id == null) {
            create(keygate, caller, request, response);
            return;
        }
        try {
            Actor actor = keygate.service().actor(caller.keyId(), request.getRemoteAddr());
            Optional<ApiKey> key = keygate.service().get(actor, id);
            if (key.isEmpty()) {
                error(response, 404, "Not found", "no key with id '" + safe(id) + "'");
                return;
            }
            if ("DELETE".equals(method)) {
                keygate.service().revoke(actor, id);
                response.setStatus(204);
                response.setHeader("Cache-Control", "no-store");
                return;
            }
            JsonOnlyGet.write(response, 200, "application/json", view(key.get(), keygate).build().toString());
        } catch (ForbiddenException e) {
            error(response, 403, "Forbidden", keygate.format().redactKeys(e.getMessage()));
        }
    }

    private void create(Keygate keygate, ApiKeyPrincipal caller, HttpServletRequest request,
                        HttpServletResponse response) throws IOException {
        JsonObject body;
        try {
            body = readBody(request);
        } catch (BadRequest e) {
            error(response, 400, "Invalid request", e.getMessage());
            return;
        }
        NewKey spec;
        try {
            spec = spec(caller, body);
        } catch (BadRequest e) {
            error(response, 400, "Invalid request", e.getMessage());
            return;
        }
        CreatedKey created;
        try {
            // the library's rules (contract 7.1: never broader than the caller) and its audit event
            Actor actor = keygate.service().actor(caller.keyId(), request.getRemoteAddr());
            created = keygate.service().create(actor, spec);
        } catch (ForbiddenException e) {
            error(response, 403, "Forbidden", keygate.format().redactKeys(e.getMessage()));
            return;
        } catch (IllegalArgumentException e) {
            error(response, 400, "Invalid request", keygate.format().redactKeys(e.getMessage()));
            return;
        }
        JsonObjectBuilder view = view(created.key(), keygate).add("key", created.plaintext());
        JsonOnlyGet.write(response, 201, "application/json", view.build().toString());
    }

    /**
     * The new key as the body asks for it; what the body leaves out (team, expiry, restriction, rate limit) the
     * service inherits from the caller, and it refuses anything broader than the caller.
     */
    private static NewKey spec(ApiKeyPrincipal caller, JsonObject body) throws BadRequest {
        NewKey.Builder spec = NewKey.builder(caller.organizationId(), caller.owner());
        if (body.containsKey("name")) {
            spec.name(string(body, "name"));
        }
        if (body.containsKey("permissions")) {
            if (!(body.get("permissions") instanceof JsonArray array) || array.isEmpty()) {
                throw new BadRequest("permissions must be a non-empty array of 'read', 'write', 'admin'");
            }
            Set<Permission> permissions = EnumSet.noneOf(Permission.class);
            for (JsonValue v : array) {
                if (!(v instanceof JsonString s)) {
                    throw new BadRequest("permissions must be a non-empty array of 'read', 'write', 'admin'");
                }
                try {
                    permissions.add(Permission.fromWireName(s.getString()));
                } catch (IllegalArgumentException e) {
                    throw new BadRequest(e.getMessage());
                }
            }
            spec.permissions(permissions);
        }
        Environment environment = caller.environment();
        if (body.containsKey("environment")) {
            try {
                environment = Environment.fromWireName(string(body, "environment"));
            } catch (IllegalArgumentException e) {
                throw new BadRequest(e.getMessage());
            }
        }
        spec.environment(environment);
        if (body.containsKey("expires_at")) {
            try {
                spec.expiresAt(Instant.parse(string(body, "expires_at")));
            } catch (DateTimeParseException e) {
                throw new BadRequest("expires_at must be an ISO 8601 instant, e.g. 2027-01-01T00:00:00Z");
            }
        }
        try {
            return spec.build();
        } catch (IllegalArgumentException e) {
            throw new BadRequest(e.getMessage());
        }
    }

    private static JsonObjectBuilder view(ApiKey key, Keygate keygate) {
        JsonObjectBuilder b = Json.createObjectBuilder()
                .add("id", key.id())
                .add("name", key.name() == null ? "" : key.name())
                .add("redacted", key.redacted())
                .add("organization_id", key.organizationId())
                .add("owner", Json.createObjectBuilder().add("type", key.owner().type().wireName())
                        .add("id", key.owner().id()))
                .add("environment", key.environment().wireName())
                .add("status", key.statusAt(keygate.clock().instant()).wireName());
        var permissions = Json.createArrayBuilder();
        Permission.canonical(key.permissions()).forEach(p -> permissions.add(p.wireName()));
        b.add("permissions", permissions);
        b.add("created_at", key.createdAt().toString());
        instant(b, "expires_at", key.expiresAt());
        instant(b, "last_used_at", key.lastUsedAt());
        instant(b, "revoked_at", key.revokedAt());
        if (key.teamId() != null) {
            b.add("team_id", key.teamId());
        }
        return b;
    }

    private static void instant(JsonObjectBuilder b, String name, Instant value) {
        if (value == null) {
            b.addNull(name);
        } else {
            b.add(name, value.toString());
        }
    }

    private static JsonObject readBody(HttpServletRequest request) throws IOException, BadRequest {
        if (request.getContentLengthLong() > MAX_BODY_BYTES) {
            throw new BadRequest("the body must be at most " + MAX_BODY_BYTES + " bytes");
        }
        byte[] bytes;
        try (InputStream in = request.getInputStream()) {
            bytes = in.readNBytes(MAX_BODY_BYTES + 1);
        }
        if (bytes.length > MAX_BODY_BYTES) {
            throw new BadRequest("the body must be at most " + MAX_BODY_BYTES + " bytes");
        }
        if (bytes.length == 0) {
            return JsonValue.EMPTY_JSON_OBJECT;
        }
        try (JsonReader reader = Json.createReader(new java.io.ByteArrayInputStream(bytes))) {
            JsonValue value = reader.readValue();
            if (value instanceof JsonObject o) {
                return o;
            }
            throw new BadRequest("the body must be a JSON object");
        } catch (JsonException e) {
            throw new BadRequest("the body is not valid JSON");
        }
    }

    private static String string(JsonObject body, String field) throws BadRequest {
        if (body.get(field) instanceof JsonString s) {
            return s.getString();
        }
        throw new BadRequest(field + " must be a string");
    }

    /** The id after the mapping's path, or null for the collection. */
    private static String itemId(HttpServletRequest request) {
        String info = request.getPathInfo();
        if (info == null || info.equals("/")) {
            return null;
        }
        return info.substring(1);
    }

    private static String safe(String id) {
        return id.length() > 64 || !id.matches("[A-Za-z0-9_.@-]*") ? "(invalid)" : id;
    }

    private static void methodNotAllowed(HttpServletResponse response, String allow) throws IOException {
        response.setHeader("Allow", allow);
        error(response, 405, "Method not allowed", "this method is not supported here; allowed: " + allow);
    }

    private static void error(HttpServletResponse response, int status, String error, String detail)
            throws IOException {
        JsonOnlyGet.write(response, status, "application/json",
                Json.createObjectBuilder().add("error", error).add("detail", detail).build().toString());
    }

    private static final class BadRequest extends Exception {
        BadRequest(String message) {
            super(message, null, false, false);
        }
    }
}
