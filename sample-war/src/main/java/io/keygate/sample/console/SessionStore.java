package io.keygate.sample.console;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Expiry;
import com.github.benmanes.caffeine.cache.Ticker;
import io.keygate.sample.config.ConsoleSettings;

import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * This node's console sessions, in memory: bounded ({@link ConsoleSettings#maxSessions()}, least recently used
 * forgotten first) and timed by the injected {@link Clock}, so tests move time instead of sleeping.
 *
 * <p>A session that has ended is kept for {@link #ENDED_NOTICE} more (within the size bound), so that the next call
 * with its cookie hears "expired" rather than "no session"; it is removed as soon as a call finds it ended. Memory
 * is released by Caffeine on the same clock, on the calling thread (no background executor inside the web
 * application).
 *
 * <p>Thread-safe: every change is one atomic operation on Caffeine's map (a call that finds its session touches it
 * with {@code computeIfPresent}, so a concurrent sign-out cannot be undone by a late touch).
 */
public final class SessionStore {

    /** Random bytes in a session id and a CSRF token: 256 bits. */
    public static final int RANDOM_BYTES = 32;
    /** How long an ended session is remembered as "expired" before it is forgotten entirely. */
    public static final Duration ENDED_NOTICE = Duration.ofHours(1);
    /** The shape of a session id: 32 bytes in unpadded base64url. Anything else is no session, without a lookup. */
    private static final Pattern ID = Pattern.compile("[A-Za-z0-9_-]{43}");

    private final ConsoleSettings settings;
    private final Clock clock;
    private final SecureRandom random = new SecureRandom();
    private final Cache<String, ConsoleSession> sessions;

    public SessionStore(ConsoleSettings settings, Clock clock) {
        this.settings = Objects.requireNonNull(settings, "settings cannot be null");
        this.clock = Objects.requireNonNull(clock, "clock cannot be null");
        Ticker ticker = () -> clock.millis() * 1_000_000L;
        this.sessions = Caffeine.newBuilder()
                .maximumSize(settings.maxSessions())
                .expireAfter(new Expiry<String, ConsoleSession>() {
                    @Override
                    public long expireAfterCreate(String id, ConsoleSession s, long currentTime) {
                        return forget(s);
                    }

                    @Override
                    public long expireAfterUpdate(String id, ConsoleSession s, long currentTime, long duration) {
                        return forget(s);
                    }

                    @Override
                    public long expireAfterRead(String id, ConsoleSession s, long currentTime, long duration) {
                        return duration;
                    }
                })
                .ticker(ticker)
                .executor(Runnable::run)
                .build();
    }

    /** Milliseconds, like every instant keygate shows ({@code expires_at} of the session answer among them). */
    private Instant now() {
        return Instant.ofEpochMilli(clock.millis());
    }

    /** Nanoseconds from now until the session may be forgotten: its end plus the notice period. */
    private long forget(ConsoleSession s) {
        Duration left = Duration.between(now(), s.endsAt(settings).plus(ENDED_NOTICE));
        return left.isNegative() ? 0 : left.toNanos();
    }

    /** What a cookie's session id names. */
    public sealed interface Lookup {
        /** No such session (never was, signed out, forgotten, or not even shaped like an id). */
        record None() implements Lookup {
        }

        /** The session has ended by a timeout; it is removed now. */
        record Expired() implements Lookup {
        }

        /** A live session, already marked as used now. */
        record Active(ConsoleSession session) implements Lookup {
        }
    }

    private static final Lookup NONE = new Lookup.None();
    private static final Lookup EXPIRED = new Lookup.Expired();

    /** A new session for the key, with a fresh random id and CSRF token. */
    public ConsoleSession create(String keyId) {
        Objects.requireNonNull(keyId, "keyId cannot be null");
        Instant now = now();
        ConsoleSession session = new ConsoleSession(randomToken(), keyId, randomToken(), now, now);
        // 256 random bits do not collide; putIfAbsent keeps even that impossible case from replacing a session
        while (sessions.asMap().putIfAbsent(session.id(), session) != null) {
            session = new ConsoleSession(randomToken(), keyId, session.csrfToken(), now, now);
        }
        return session;
    }

    /**
     * The session {@code id} names, marked as used now when it is live. An ended session is removed (and reported
     * {@link Lookup.Expired} this once).
     */
    public Lookup find(String id) {
        if (id == null || !ID.matcher(id).matches()) {
            return NONE;
        }
        Instant now = now();
        boolean[] ended = new boolean[1];
        ConsoleSession touched = sessions.asMap().computeIfPresent(id, (k, s) -> {
            if (s.endedAt(now, settings)) {
                ended[0] = true;
                return null;
            }
            return s.seenAt(now);
        });
        if (touched != null) {
            return new Lookup.Active(touched);
        }
        return ended[0] ? EXPIRED : NONE;
    }

    /** Ends the session (sign-out, a new sign-in over it, or its key no longer active). Nothing if there is none. */
    public void end(String id) {
        if (id != null) {
            sessions.invalidate(id);
        }
    }

    /** Sessions held, ended ones not yet forgotten included (after pending evictions). */
    public long size() {
        sessions.cleanUp();
        return sessions.estimatedSize();
    }

    public ConsoleSettings settings() {
        return settings;
    }

    /** Forgets every session (the console stops). */
    public void clear() {
        sessions.invalidateAll();
        sessions.cleanUp();
    }

    private String randomToken() {
        byte[] bytes = new byte[RANDOM_BYTES];
        random.nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    /** Compares a presented CSRF token with the session's in constant time; a missing one never matches. */
    public static boolean csrfMatches(ConsoleSession session, String presented) {
        if (presented == null) {
            return false;
        }
        return java.security.MessageDigest.isEqual(
                session.csrfToken().getBytes(java.nio.charset.StandardCharsets.US_ASCII),
                presented.getBytes(java.nio.charset.StandardCharsets.US_ASCII));
    }
}
