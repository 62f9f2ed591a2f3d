package io.keygate.sample.console;

import io.keygate.sample.config.ConsoleSettings;
import io.keygate.keys.ApiKey;
import io.keygate.keys.Permission;

import java.time.Instant;
import java.util.List;

/**
 * The answer of {@code POST} and {@code GET /console/api/session}: who the console acts as (the key's id and grants,
 * never the key), the session's CSRF token for state-changing calls, its absolute end and its idle timeout.
 * {@code permissions} are the effective ones in the order read, write, admin, like the admin API's key object.
 */
public record SessionView(String keyId, String name, String organizationId, String teamId, String environment,
                          List<String> permissions, boolean platformAdmin, String csrfToken, Instant expiresAt,
                          long idleTimeoutSeconds) {

    static SessionView of(ConsoleSession session, ApiKey key, boolean platformAdmin, ConsoleSettings settings) {
        return new SessionView(key.id(), key.name(), key.organizationId(), key.teamId(),
                key.environment().wireName(),
                key.effectivePermissions().stream().sorted().map(Permission::wireName).toList(),
                platformAdmin, session.csrfToken(), session.absoluteEnd(settings),
                settings.idleTimeout().toSeconds());
    }

    @Override
    public String toString() {
        return "SessionView[keyId=" + keyId + ", organizationId=" + organizationId + "]";
    }
}
