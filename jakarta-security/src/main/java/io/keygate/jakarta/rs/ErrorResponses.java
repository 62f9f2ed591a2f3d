package io.keygate.jakarta.rs;

import io.keygate.http.AuthSettings;
import io.keygate.http.Responses;
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
        return error(401, "missing-api-key", Responses.AUTH_FAILED, Responses.DETAIL_MISSING)
                .header("WWW-Authenticate", Responses.challenge(realm)).build();
    }

    /** 403: the key lacks {@code permission}. */
    Response permission(Permission permission) {
        return error(403, "permission", Responses.INSUFFICIENT, Responses.permissionDetail(permission))
                .header("WWW-Authenticate", Responses.insufficientScopeChallenge(realm, permission))
                .build();
    }

    /** 403: the key lacks a role that is not a permission ({@code org:acme}), or {@code null} when unknown. */
    Response role(String role) {
        String detail = role == null ? DETAIL_ROLE_UNKNOWN : "This API key lacks the role '" + role + "'.";
        return error(403, "role", Responses.FORBIDDEN, detail).build();
    }

    private Response.ResponseBuilder error(int status, String type, String error, String detail) {
        return Response.status(status).type(problemJson ? Responses.PROBLEM_JSON : Responses.JSON).header("Cache-Control", "no-store")
                .entity(body(status, type, error, detail));
    }

    /** The contract's {@code {"error","detail"}}, or RFC 9457's {@code type, title, status, detail}. */
    String body(int status, String type, String error, String detail) {
        JsonObjectBuilder body = Json.createObjectBuilder();
        if (problemJson) {
            body.add("type", Responses.PROBLEM_TYPE_BASE + type).add("title", error).add("status", status).add("detail", detail);
        } else {
            body.add("error", error).add("detail", detail);
        }
        return body.build().toString();
    }
}
