package io.keygate.token;

import java.util.List;
import java.util.Objects;

/**
 * The JWK Set to serve at {@code GET /.well-known/jwks.json} (outside the filter): the public part of every signing key
 * in use — the one signing now, the one published ahead of its turn, and retired ones until their last token has
 * expired — with how long clients may cache it.
 *
 * <pre>{@code
 * JwkSetDocument jwks = tokens.jwkSet();
 * response.setContentType(JwkSetDocument.CONTENT_TYPE);
 * response.setHeader("Cache-Control", jwks.cacheControl());
 * response.getWriter().write(jwks.json());
 * }</pre>
 *
 * @param json          {@code {"keys":[{"kty":"EC","crv":"P-256","kid":…,"x":…,"y":…,"use":"sig","alg":"ES256"},…]}}
 * @param kids          the key ids in it, oldest first
 * @param maxAgeSeconds how long a client may cache it: a quarter of the publish lead, so a client that honours it
 *                      has a new key well before the first token signed with it
 */
public record JwkSetDocument(String json, List<String> kids, long maxAgeSeconds) {

    /** RFC 7517 media type of a JWK Set. */
    public static final String CONTENT_TYPE = "application/jwk-set+json";

    public JwkSetDocument {
        Objects.requireNonNull(json, "json cannot be null");
        kids = List.copyOf(kids);
    }

    /** {@code public, max-age=<maxAgeSeconds>}. */
    public String cacheControl() {
        return "public, max-age=" + maxAgeSeconds;
    }
}
