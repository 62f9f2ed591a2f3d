package io.keygate.sample.api;

import io.keygate.sample.app.SampleApplication;
import io.keygate.token.JwkSetDocument;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;

/**
 * {@code GET /.well-known/jwks.json} (contract §8): the public keys that sign the sample's tokens, as a JWK Set, with
 * {@code Cache-Control: public, max-age=…} (short enough that a client that honours it knows a new key before the
 * first token signed with it). Excluded from the filter: verifying tokens must need no key.
 */
public class JwksServlet extends HttpServlet {

    @Override
    protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
        JwkSetDocument jwks = SampleApplication.from(getServletContext()).tokens().jwkSet();
        byte[] body = jwks.json().getBytes(StandardCharsets.UTF_8);
        response.setStatus(200);
        response.setHeader("Cache-Control", jwks.cacheControl());
        response.setContentType(JwkSetDocument.CONTENT_TYPE);
        response.setCharacterEncoding("UTF-8");
        response.setContentLength(body.length);
        try (OutputStream out = response.getOutputStream()) {
            out.write(body);
        }
    }
}
