package io.keygate.sample.rest;

import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerResponseContext;
import jakarta.ws.rs.container.ContainerResponseFilter;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.ext.Provider;

import java.nio.charset.StandardCharsets;

/**
 * Every JSON answer declares {@code charset=UTF-8}, like the filter's own answers: a client sees one
 * {@code Content-Type} whether the filter or the application answered.
 */
@Provider
public final class JsonCharset implements ContainerResponseFilter {

    private static final MediaType JSON_UTF8 = MediaType.APPLICATION_JSON_TYPE.withCharset(StandardCharsets.UTF_8.name());

    @Override
    public void filter(ContainerRequestContext request, ContainerResponseContext response) {
        MediaType type = response.getMediaType();
        if (type != null && "application".equals(type.getType()) && "json".equals(type.getSubtype())
                && !type.getParameters().containsKey(MediaType.CHARSET_PARAMETER)) {
            response.getHeaders().putSingle(HttpHeaders.CONTENT_TYPE, JSON_UTF8);
        }
    }
}
