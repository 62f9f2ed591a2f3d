package io.keygate.jakarta.rs;

import io.keygate.http.AuthSettings;
import io.keygate.jakarta.KeygateAuthenticationMechanism;
import io.keygate.keys.Permission;
import jakarta.enterprise.inject.spi.CDI;
import jakarta.json.Json;
import jakarta.json.JsonObjectBuilder;
import jakarta.ws.rs.core.Response;

/**
 * The contract's bodies for the refusals that happen after authentication, in JAX-RS: the caller is anonymous
 * (401 missing), lacks a permission (403 permission), or lacks another role. Same wording, {@code WWW-Authenticate}
 * challenges, {@code Cache-Control: no-store} and {@code problem-json} switch as the filter's responses.
 */
public final class ErrorResponses {

    static final String JSON = "application/json";
    static final String PROBLEM_JSON = "application/problem+json";
    static final String PROBLEM_TYPE_BASE = "https://keygate.io/problems/";
    static final String AUTH_FAILED = "Authentication failed";
    static final String DETAIL_MISSING =
            "Valid API key required. Please include it in the Authorization header as 'Bearer <your-api-key>'.";
    static final String INSUFFICIENT = "Insufficient permissions";
    static final String FORBIDDEN = "Forbidden";
    static final String DETAIL_ROLE_UNKNOWN = "This API key lacks a role this operation requires.";

    private final String realm;
    private final boolean problemJson;

    ErrorResponses(AuthSettings settings) {
        this.realm = settings.realm();
        this.problemJson = settings.problemJson();
    }

    /** From the settings the application's mechanism runs with. */
    static ErrorResponses current() {
        return new ErrorResponses(CDI.current().select(KeygateAuthenticationMechanism.class).get().settings());
    }

    /** 401: no key. */
    Response missing() {
        return error(401, "missing-api-key", AUTH_FAILED, DETAIL_MISSING)
                .header("WWW-Authenticate", challenge()).build();
    }

    /** 403: the key lacks {@code permission}. */
    Response permission(Permission permission) {
        String scope = permission.wireName();
        return error(403, "permission", INSUFFICIENT, "This API key lacks the '" + scope + "' permission.")
                .header("WWW-Authenticate", challenge() + ", error=\"insufficient_scope\", scope=\"" + scope + "\"")
                .build();
    }

    /** 403: the key lacks a role that is not a permission ({@code org:acme}), or {@code null} when unknown. */
    Response role(String role) {
        String detail = role == null ? DETAIL_ROLE_UNKNOWN : "This API key lacks the role '" + role + "'.";
        return error(403, "role", FORBIDDEN, detail).build();
    }

    private String challenge() {
        return "Bearer realm=\"" + realm + "\"";
    }

    private Response.ResponseBuilder error(int status, String type, String error, String detail) {
        return Response.status(status).type(problemJson ? PROBLEM_JSON : JSON).header("Cache-Control", "no-store")
                .entity(body(status, type, error, detail));
    }

    /** The contract's {@code {"error","detail"}}, or RFC 9457's {@code type, title, status, detail}. */
    String body(int status, String type, String error, String detail) {
        JsonObjectBuilder body = Json.createObjectBuilder();
        if (problemJson) {
            body.add("type", PROBLEM_TYPE_BASE + type).add("title", error).add("status", status).add("detail", detail);
        } else {
            body.add("error", error).add("detail", detail);
        }
        return body.build().toString();
    }
}
