package io.keygate.sample.console;

import io.keygate.sample.config.ConsoleSettings;

import java.time.Instant;
import java.util.Objects;

/**
 * One signed-in console: which key it acts as (by id: the key itself is never kept), its CSRF token, when it began
 * and when it was last used. Immutable; {@link SessionStore} replaces it on every call. {@link #toString()} shows
 * neither the session id nor the CSRF token, which are as good as a password while the session lasts.
 *
 * @param id        the cookie's value: 32 random bytes, base64url
 * @param keyId     the id of the admin key that signed in
 * @param csrfToken what state-changing calls send as {@code X-CSRF-Token}: 32 random bytes, base64url
 */
public record ConsoleSession(String id, String keyId, String csrfToken, Instant createdAt, Instant lastSeenAt) {

    public ConsoleSession {
        Objects.requireNonNull(id, "id cannot be null");
        Objects.requireNonNull(keyId, "keyId cannot be null");
        Objects.requireNonNull(csrfToken, "csrfToken cannot be null");
        Objects.requireNonNull(createdAt, "createdAt cannot be null");
        Objects.requireNonNull(lastSeenAt, "lastSeenAt cannot be null");
    }

    /** When the session ends however busy it is (the absolute timeout). */
    public Instant absoluteEnd(ConsoleSettings settings) {
        return createdAt.plus(settings.maxLifetime());
    }

    /** When the session ends: its idle end or its absolute end, whichever comes first. */
    public Instant endsAt(ConsoleSettings settings) {
        Instant idleEnd = lastSeenAt.plus(settings.idleTimeout());
        Instant absoluteEnd = absoluteEnd(settings);
        return idleEnd.isBefore(absoluteEnd) ? idleEnd : absoluteEnd;
    }

    /** Whether the session has ended at {@code now} (its end instant is no longer inside it). */
    public boolean endedAt(Instant now, ConsoleSettings settings) {
        return !now.isBefore(endsAt(settings));
    }

    ConsoleSession seenAt(Instant now) {
        return new ConsoleSession(id, keyId, csrfToken, createdAt, now);
    }

    @Override
    public String toString() {
        return "ConsoleSession[keyId=" + keyId + ", createdAt=" + createdAt + ", lastSeenAt=" + lastSeenAt + "]";
    }
}
