package io.keygate.bench.load;

import jakarta.servlet.Filter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.http.HttpServletResponse;

import java.io.IOException;

/**
 * The control of the HTTP run: the same bytes as keygate, none of its work. Its route is loaded with the same
 * {@code Authorization} header as keygate's, and it writes the three rate-limit headers keygate's default dialect
 * writes for the bench plan, with values of the same length ({@code RateLimit-Limit} the plan's limit,
 * {@code RateLimit-Remaining} twelve digits, {@code RateLimit-Reset} the end of the current minute, as keygate
 * reports for the plan's one-minute window); requests and responses therefore differ from keygate's only in digits
 * ({@code LoadComponentsSmokeTest} checks that). It reads nothing and formats a number once a minute, so keygate's
 * throughput over this route's is what keygate's own work costs under real HTTP load.
 */
public final class SameBytesControlFilter implements Filter {

    /** {@code Fixtures.HIGH_LIMITS}' one-minute limit, as keygate writes it. */
    static final String LIMIT = "1000000000000";
    /** As long as keygate's remaining count while fewer than 10^11 requests were counted in the minute. */
    static final String REMAINING = "999999999999";

    private volatile Reset reset = new Reset(Long.MIN_VALUE, "");

    private record Reset(long untilMillis, String value) {
    }

    @Override
    public void doFilter(ServletRequest req, ServletResponse res, FilterChain chain)
            throws IOException, ServletException {
        HttpServletResponse response = (HttpServletResponse) res;
        response.addHeader("RateLimit-Limit", LIMIT);
        response.addHeader("RateLimit-Remaining", REMAINING);
        response.addHeader("RateLimit-Reset", reset().value());
        chain.doFilter(req, res);
    }

    private Reset reset() {
        long now = System.currentTimeMillis();
        Reset r = reset;
        if (now >= r.untilMillis()) {
            long next = Math.floorDiv(now, 60_000) * 60_000 + 60_000;
            r = new Reset(next, Long.toString(next / 1000));
            reset = r;
        }
        return r;
    }
}
