package io.keygate.sample.rest;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.keygate.http.ApiKeyAuthFilter;
import io.keygate.http.HttpSettings;
import io.keygate.http.Responses;
import io.keygate.keys.Permission;
import io.swagger.v3.oas.annotations.media.Schema;
import jakarta.servlet.FilterRegistration;
import jakarta.servlet.ServletContext;
import jakarta.ws.rs.HttpMethod;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import java.util.Collection;
import java.util.TreeSet;

/**
 * Every error answer the sample writes, and every contract error string it uses, in one place: the sample's own
 * answers read exactly like the filter's ({@code {"error":...,"detail":...}}, {@code application/json},
 * {@code Cache-Control: no-store}).
 *
 * <p>Resources throw the exceptions made here ({@link #invalid}, {@link #notFound}, ...); each carries its whole
 * answer, which {@link WebErrorMapper} passes on. Exceptions that Jakarta REST raises itself carry no body; the
 * mappers answer them with {@link #status}, {@link #methodNotAllowed}, {@link #insufficientPermission} or
 * {@link #missingKey}.
 */
public final class Errors {

    public static final String INVALID_REQUEST = Responses.INVALID_REQUEST;
    public static final String NOT_FOUND = "Not found";
    public static final String FORBIDDEN = Responses.FORBIDDEN;
    public static final String CONFLICT = "Conflict";
    public static final String METHOD_NOT_ALLOWED = "Method not allowed";
    public static final String PAYLOAD_TOO_LARGE = "Payload too large";
    public static final String UNSUPPORTED_MEDIA_TYPE = "Unsupported media type";
    public static final String SERVICE_UNAVAILABLE = Responses.UNAVAILABLE;
    public static final String INTERNAL_ERROR = "Internal error";

    /** The violation message of a required body that is missing: {@code body: a JSON object is required}. */
    public static final String BODY_REQUIRED = "a JSON object is required";
    /** Retry-After of the 503 answered while the sample's database is unreachable. */
    public static final long UNAVAILABLE_RETRY_AFTER_SECONDS = 5;
    /** The filter's {@code realm} init-param and its default, for the {@code WWW-Authenticate} challenges. */
    public static final String REALM_PARAMETER = "realm";
    public static final String DEFAULT_REALM = HttpSettings.DEFAULT_REALM;

    private Errors() {
    }

    /** The body of every error answer; {@code detail} is left out when there is none (the restriction 403). */
    @Schema(name = Body.SCHEMA_NAME, description = "An error answer of the sample or of keygate's filter")
    public record Body(String error, @JsonInclude(JsonInclude.Include.NON_NULL) String detail) {
        public static final String SCHEMA_NAME = "Error";
    }

    /** 400 naming the field or parameter in {@code detail}. */
    public static WebApplicationException invalid(String detail) {
        return failure(400, INVALID_REQUEST, detail);
    }

    public static WebApplicationException notFound(String detail) {
        return failure(404, NOT_FOUND, detail);
    }

    /** 403 {@code Forbidden}: a management rule refuses; the detail names the field. */
    public static WebApplicationException forbidden(String detail) {
        return failure(403, FORBIDDEN, detail);
    }

    /** 403 with the filter's restriction body, for checks that no path template can express. */
    public static WebApplicationException restricted(String type) {
        return failure(403, Responses.restrictionError(type), null);
    }

    public static WebApplicationException conflict(String detail) {
        return failure(409, CONFLICT, detail);
    }

    public static WebApplicationException tooLarge(long maxBytes) {
        return failure(413, PAYLOAD_TOO_LARGE, "the request body must be at most " + maxBytes + " bytes");
    }

    public static WebApplicationException unsupportedMediaType(String detail) {
        return failure(415, UNSUPPORTED_MEDIA_TYPE, detail);
    }

    /** 503 with {@code Retry-After}: the sample's database cannot be reached. */
    public static Response unavailable() {
        return builder(503, SERVICE_UNAVAILABLE, "The database is temporarily unavailable. Retry after "
                + UNAVAILABLE_RETRY_AFTER_SECONDS + " seconds.")
                .header(HttpHeaders.RETRY_AFTER, UNAVAILABLE_RETRY_AFTER_SECONDS).build();
    }

    public static Response internalError() {
        return response(500, INTERNAL_ERROR, "The request could not be completed.");
    }

    /** The filter's 401 for a request without a key: reached only when the filter is not in front. */
    public static Response missingKey(String realm) {
        return builder(401, Responses.AUTH_FAILED, Responses.DETAIL_MISSING)
                .header(HttpHeaders.WWW_AUTHENTICATE, Responses.challenge(realm)).build();
    }

    /** The filter's permission 403, word for word, for a {@code @RolesAllowed} denial. */
    public static Response insufficientPermission(String realm, String permission) {
        Permission required;
        try {
            required = Permission.fromWireName(permission);
        } catch (IllegalArgumentException notAPermission) {
            return response(403, FORBIDDEN, "This API key lacks the role this operation requires.");
        }
        return builder(403, Responses.INSUFFICIENT, Responses.permissionDetail(required))
                .header(HttpHeaders.WWW_AUTHENTICATE, Responses.insufficientScopeChallenge(realm, required))
                .build();
    }

    /** 405 with {@code Allow}, sorted, without OPTIONS (which is 405 too: see {@link AutomaticOptions}). */
    public static Response methodNotAllowed(Collection<String> allowed) {
        TreeSet<String> methods = new TreeSet<>(allowed);
        methods.remove(HttpMethod.OPTIONS);
        String allow = String.join(", ", methods);
        return builder(405, METHOD_NOT_ALLOWED, "this method is not supported here; allowed: " + allow)
                .header(HttpHeaders.ALLOW, allow).build();
    }

    /** The answer for a status raised without a body (by Jakarta REST or the container). */
    public static Response status(int status) {
        return switch (status) {
            case 400 -> response(400, INVALID_REQUEST, "the request is malformed");
            case 404 -> response(404, NOT_FOUND, "no resource at this path");
            case 405 -> response(405, METHOD_NOT_ALLOWED, "this method is not supported here");
            case 406 -> response(406, "Not acceptable", "the answer is application/json");
            case 413 -> response(413, PAYLOAD_TOO_LARGE, "the request body is too large");
            case 415 -> response(415, UNSUPPORTED_MEDIA_TYPE, "Content-Type must be application/json");
            case 503 -> response(503, SERVICE_UNAVAILABLE, "the service is temporarily unavailable");
            default -> status >= 400 && status < 500 ? response(status, "Request failed", null) : internalError();
        };
    }

    public static Response response(int status, String error, String detail) {
        return builder(status, error, detail).build();
    }

    private static WebApplicationException failure(int status, String error, String detail) {
        return new WebApplicationException(response(status, error, detail));
    }

    private static Response.ResponseBuilder builder(int status, String error, String detail) {
        return Response.status(status).type(MediaType.APPLICATION_JSON_TYPE)
                .header(HttpHeaders.CACHE_CONTROL, "no-store").entity(new Body(error, detail));
    }

    /**
     * The realm of the {@link ApiKeyAuthFilter} declared in web.xml, so that the sample's challenges name the
     * filter's realm. A filter registered with a builder has no init-params: then this is the default realm.
     */
    public static String realm(ServletContext context) {
        for (FilterRegistration registration : context.getFilterRegistrations().values()) {
            if (ApiKeyAuthFilter.class.getName().equals(registration.getClassName())) {
                String realm = registration.getInitParameter(REALM_PARAMETER);
                return realm != null ? realm : DEFAULT_REALM;
            }
        }
        return DEFAULT_REALM;
    }
}
