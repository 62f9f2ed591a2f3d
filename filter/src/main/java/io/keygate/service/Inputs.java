package io.keygate.service;

import io.keygate.keys.Ids;
import io.keygate.keys.KeyFormat;

import java.time.Instant;

/**
 * Checks of client-supplied text, shared by the services: what every database can store (no NUL character, which
 * PostgreSQL refuses; no unpaired surrogate, which PostgreSQL stores as {@code ?} and MariaDB refuses), lengths in
 * code points (what a user counts, and what PostgreSQL and MariaDB count), identifiers by {@link Ids}. Every message
 * names the field and quotes input only through {@link KeyFormat#redactKeys}.
 */
final class Inputs {

    /** Longest name of a key, service account or team, in code points. */
    static final int MAX_NAME_LENGTH = 128;
    /** Longest search text ({@code q}), in code points. */
    static final int MAX_QUERY_LENGTH = 128;
    /**
     * Latest {@code expires_at} accepted: the end of year 9999. Every store can hold it (millisecond columns hold far
     * more, but ISO 8601 without a sign and most databases' date types end there), and no key needs longer.
     */
    static final Instant MAX_EXPIRES_AT = Instant.parse("9999-12-31T23:59:59.999Z");

    private Inputs() {
    }

    /** Refuses NUL characters and unpaired surrogates ({@link Texts}). Null passes. */
    static void text(String field, String value) {
        String problem = value == null ? null : Texts.firstProblem(value);
        if (problem != null) {
            throw new ValidationException(field, field + " " + problem);
        }
    }

    /** Text of {@code min..max} code points (null counts as empty). */
    static void name(String field, String value, int min, int max) {
        text(field, value);
        int length = Texts.length(value);
        if (length < min || length > max) {
            throw new ValidationException(field, field + " must be " + min + ".." + max + " characters, was " + length);
        }
    }

    /** A well-formed identifier ({@link Ids}). */
    static void id(String field, String value) {
        if (!Ids.isValid(value)) {
            text(field, value);
            throw new ValidationException(field, field + " must be " + Ids.RULE_TEXT);
        }
    }

    /** Null, or a well-formed identifier. */
    static void optionalId(String field, String value) {
        if (value != null) {
            id(field, value);
        }
    }

    /** Search text: no NUL or unpaired surrogate, at most {@value #MAX_QUERY_LENGTH} code points. */
    static void query(String field, String value) {
        if (value != null) {
            name(field, value, 0, MAX_QUERY_LENGTH);
        }
    }

    /** {@code 'value'} with anything key-like redacted, for messages. */
    static String quote(KeyFormat format, String value) {
        return "'" + format.redactKeys(value) + "'";
    }
}
