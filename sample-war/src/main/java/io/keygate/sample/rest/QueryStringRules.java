package io.keygate.sample.rest;

import jakarta.annotation.Priority;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.ws.rs.Priorities;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerRequestFilter;
import jakarta.ws.rs.container.PreMatching;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.ext.Provider;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/**
 * Every query string must be percent-encoded UTF-8: {@code ?q=%zz} (a malformed escape) and {@code ?q=%ff%fe} (bytes
 * that are no UTF-8) are 400 naming the parameter, before any resource runs. Jakarta REST would otherwise decode them
 * leniently into text the client never sent (or, depending on the container, fail deep inside with a 500).
 */
@Provider
@PreMatching
@Priority(Priorities.AUTHENTICATION - 100)
public final class QueryStringRules implements ContainerRequestFilter {

    static final String RULE = "must be percent-encoded UTF-8";

    /** The servlet request: its query string is the one the client sent (Jersey's request URI re-encodes it). */
    @Context
    private HttpServletRequest servletRequest;

    @Override
    public void filter(ContainerRequestContext request) {
        String raw = servletRequest != null ? servletRequest.getQueryString()
                : request.getUriInfo().getRequestUri().getRawQuery();
        if (raw == null || raw.isEmpty()) {
            return;
        }
        for (String pair : raw.split("&", -1)) {
            int eq = pair.indexOf('=');
            String name = eq < 0 ? pair : pair.substring(0, eq);
            String decodedName = decode(name);
            if (decodedName == null) {
                throw Errors.invalid("the query string " + RULE + " (a parameter name is not)");
            }
            if (eq >= 0 && decode(pair.substring(eq + 1)) == null) {
                throw Errors.invalid(JsonErrorMapper.printable(decodedName) + ": " + RULE);
            }
        }
    }

    /** The text of a query component ({@code +} is a space), or null if it is not percent-encoded UTF-8. */
    static String decode(String component) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(component.length());
        for (int i = 0; i < component.length(); i++) {
            char c = component.charAt(i);
            if (c == '%') {
                if (i + 2 >= component.length() || hex(component.charAt(i + 1)) < 0 || hex(component.charAt(i + 2)) < 0) {
                    return null;
                }
                bytes.write(hex(component.charAt(i + 1)) * 16 + hex(component.charAt(i + 2)));
                i += 2;
            } else if (c == '+') {
                bytes.write(' ');
            } else if (c < 0x80) {
                bytes.write(c);
            } else {
                // a raw non-ASCII character in the URI: take it (a whole code point) as the container decoded it
                int codePoint = component.codePointAt(i);
                byte[] utf8 = new String(Character.toChars(codePoint)).getBytes(StandardCharsets.UTF_8);
                bytes.write(utf8, 0, utf8.length);
                i += Character.charCount(codePoint) - 1;
            }
        }
        try {
            return StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(bytes.toByteArray())).toString();
        } catch (CharacterCodingException e) {
            return null;
        }
    }

    private static int hex(char c) {
        return Character.digit(c, 16);
    }
}
