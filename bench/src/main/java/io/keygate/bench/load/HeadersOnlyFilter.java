package io.keygate.bench.load;

import jakarta.servlet.Filter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.http.HttpServletResponse;

import java.io.IOException;

/**
 * A control for the HTTP run, no authentication: adds the three rate-limit headers keygate's default dialect
 * writes, with values of the same length, then runs the chain. Loaded against no filter and keygate, it tells how
 * much of keygate's throughput gap is the bigger responses themselves (bytes written, sent and parsed by the load
 * generator) rather than the filter's work.
 */
public final class HeadersOnlyFilter implements Filter {

    @Override
    public void doFilter(ServletRequest req, ServletResponse res, FilterChain chain)
            throws IOException, ServletException {
        HttpServletResponse response = (HttpServletResponse) res;
        response.addHeader("RateLimit-Limit", "1000000000000");
        response.addHeader("RateLimit-Remaining", "999999999999");
        response.addHeader("RateLimit-Reset", Long.toString(System.currentTimeMillis() / 60_000 * 60 + 60));
        chain.doFilter(req, res);
    }
}
