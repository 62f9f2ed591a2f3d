package io.keygate.bench.fake;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;

import java.security.Principal;

/**
 * The end of the chain: counts how often the filter let a request through and keeps the principal it saw, so a
 * benchmark can check (outside the measured loop) that it measured the path it meant to.
 */
public final class CountingChain implements FilterChain {

    private long calls;
    private Principal lastPrincipal;

    @Override
    public void doFilter(ServletRequest request, ServletResponse response) {
        calls++;
        lastPrincipal = ((jakarta.servlet.http.HttpServletRequest) request).getUserPrincipal();
    }

    public long calls() {
        return calls;
    }

    public Principal lastPrincipal() {
        return lastPrincipal;
    }
}
