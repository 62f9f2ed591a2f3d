package io.keygate.bench.load;

import io.keygate.keys.ApiKey;
import io.keygate.keys.KeyFormat;
import io.keygate.store.ApiKeyStore;
import jakarta.servlet.Filter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * The baseline: the API-key filter an application typically writes itself. Per request it takes the bearer token,
 * hashes it with SHA-256 and looks the hash up in the database through JPA ({@code JpaApiKeyStore.findByHash}:
 * one JPQL query, no cache), rejects missing, unknown, revoked and expired keys with 401 and otherwise runs the
 * chain. No format check, no cache, no rate limit, no metrics.
 */
public final class HandRolledApiKeyFilter implements Filter {

    private static final byte[] UNAUTHORIZED = "{\"error\":\"unauthorized\"}".getBytes(StandardCharsets.UTF_8);

    private final ApiKeyStore store;

    public HandRolledApiKeyFilter(ApiKeyStore store) {
        this.store = Objects.requireNonNull(store, "store cannot be null");
    }

    @Override
    public void doFilter(ServletRequest req, ServletResponse res, FilterChain chain)
            throws IOException, ServletException {
        HttpServletRequest request = (HttpServletRequest) req;
        String header = request.getHeader("Authorization");
        if (header == null || !header.startsWith("Bearer ")) {
            unauthorized((HttpServletResponse) res);
            return;
        }
        String token = header.substring("Bearer ".length()).trim();
        Optional<ApiKey> key = store.findByHash(KeyFormat.sha256Hex(token));
        if (key.isEmpty() || key.get().statusAt(Instant.now()) != ApiKey.Status.ACTIVE) {
            unauthorized((HttpServletResponse) res);
            return;
        }
        chain.doFilter(req, res);
    }

    private static void unauthorized(HttpServletResponse response) throws IOException {
        response.setStatus(401);
        response.setContentType("application/json");
        response.setContentLength(UNAUTHORIZED.length);
        response.getOutputStream().write(UNAUTHORIZED);
    }
}
