package io.keygate.jpa;

import org.eclipse.persistence.sessions.SessionCustomizer;
import org.eclipse.persistence.sessions.DatabaseLogin;
import org.eclipse.persistence.sessions.Session;

/**
 * Makes EclipseLink report a database failure at once instead of retrying it. By default EclipseLink retries a
 * query that failed on a dead connection three times with seconds between attempts, which holds a request thread
 * for many seconds during an outage; keygate's callers (the filter's cache, stale-if-error, 503 with Retry-After)
 * handle the failure better and sooner. Set through {@code eclipselink.session.customizer} in keygate's
 * persistence unit.
 */
public final class FailFastSessionCustomizer implements SessionCustomizer {

    @Override
    public void customize(Session session) {
        if (session.getDatasourceLogin() instanceof DatabaseLogin login) {
            login.setQueryRetryAttemptCount(0);
            login.setDelayBetweenConnectionAttempts(0);
            // no extra ping on every error: the pool validates connections and evicts broken ones itself
            login.setConnectionHealthValidatedOnError(false);
        }
    }
}
