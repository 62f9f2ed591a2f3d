package io.keygate.sample.api;

import com.fasterxml.jackson.databind.JsonNode;
import io.keygate.http.Responses;
import io.keygate.keys.ApiKey;
import io.keygate.sample.app.SampleApplication;
import io.keygate.sample.rest.Errors;
import io.keygate.sample.rest.JsonSupport;
import io.keygate.sample.rest.OpenApiDocument;
import io.keygate.token.IssuedToken;
import io.keygate.token.TokenSubject;
import io.keygate.token.TokenUnavailableException;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.security.SecurityRequirement;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.servlet.ServletContext;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.SecurityContext;

import java.io.IOException;
import java.util.Iterator;

/**
 * {@code POST /developer/api/token} (contract §8): the caller's API key for a short-lived JWT. No body, or
 * {@code {"expires_in": 60..3600}} → 200 {@code {"access_token","token_type":"Bearer","expires_in"}} with
 * {@code Cache-Control: no-store}. A caller that presented a token gets 403: a token is never exchanged for another.
 */
@Path("/developer/api/token")
@Produces(MediaType.APPLICATION_JSON)
@SecurityRequirement(name = OpenApiDocument.BEARER)
@Tag(name = "token")
public class TokenResource {

    /** The only field of the optional body. */
    public static final String EXPIRES_IN = "expires_in";

    @Context
    private SecurityContext security;
    @Context
    private ServletContext servletContext;

    /** The answer of RFC 6749 §5.1. */
    public record TokenAnswer(String accessToken, String tokenType, long expiresIn) {
    }

    @POST
    @Consumes(MediaType.WILDCARD)
    @Operation(summary = "Exchanges the caller's API key for a short-lived token (JWT)")
    public Response exchange(String body) {
        Caller caller = Caller.of(security);
        if (caller.key().viaToken()) {
            throw Errors.forbidden(Responses.DETAIL_EXCHANGE_KEY_NOT_TOKEN);
        }
        SampleApplication app = SampleApplication.from(servletContext);
        long expiresIn = expiresIn(body, app.tokens().settings().defaultLifetime().toSeconds());
        ApiKey key = app.keygate().service().get(caller.keyId())
                .orElseThrow(() -> Errors.notFound("the key " + caller.keyId() + " no longer exists"));
        IssuedToken token;
        try {
            token = app.tokens().issuer().issue(TokenSubject.of(key), expiresIn);
        } catch (IllegalArgumentException e) {
            throw Errors.invalid(e.getMessage());
        } catch (TokenUnavailableException e) {
            return Errors.unavailable();
        }
        return Response.ok(new TokenAnswer(token.accessToken(), token.tokenType(), token.expiresIn()))
                .header(HttpHeaders.CACHE_CONTROL, "no-store")
                .build();
    }

    /** The {@code expires_in} of an optional JSON body, or the default. */
    static long expiresIn(String body, long defaultSeconds) {
        if (body == null || body.isBlank()) {
            return defaultSeconds;
        }
        JsonNode json;
        try {
            json = JsonSupport.mapper().readTree(body);
        } catch (IOException e) {
            throw Errors.invalid("the body must be a JSON object, e.g. {\"" + EXPIRES_IN + "\": 900}");
        }
        if (json == null || !json.isObject()) {
            throw Errors.invalid("the body must be a JSON object, e.g. {\"" + EXPIRES_IN + "\": 900}");
        }
        for (Iterator<String> names = json.fieldNames(); names.hasNext(); ) {
            String name = names.next();
            if (!EXPIRES_IN.equals(name)) {
                throw Errors.invalid(name + " is not a field of this request; only " + EXPIRES_IN + " is");
            }
        }
        JsonNode value = json.get(EXPIRES_IN);
        if (value == null || value.isNull()) {
            return defaultSeconds;
        }
        if (!value.isIntegralNumber() || !value.canConvertToLong()) {
            throw Errors.invalid(EXPIRES_IN + " must be a whole number of seconds from 60 to 3600");
        }
        return value.asLong();
    }
}
